// Shim for libarchive: the headers Exhibit uses for pax tar reading and writing.
#ifndef EXHIBIT_ARCHIVE_SHIM_H
#define EXHIBIT_ARCHIVE_SHIM_H

#include <archive.h>
#include <archive_entry.h>

#endif
