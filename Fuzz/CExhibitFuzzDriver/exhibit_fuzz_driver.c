// The declaration is all this target provides; libFuzzer (-sanitize=fuzzer) defines the driver.
#include "exhibit_fuzz_driver.h"
