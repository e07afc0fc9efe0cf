// libFuzzer's driver, for a fuzz executable whose entry point is its own (SwiftPM names the main symbol).
#ifndef EXHIBIT_FUZZ_DRIVER_H
#define EXHIBIT_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer with the command line, calling `callback` for every input.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
