/**
 * The x86-64 side of the ABI: the System V frame (prologue, epilogue, spill-slot addresses) and the
 * registers the allocator may use. Argument and return locations come from the {@code abi} module.
 */
package dev.davit.lower.x64.abi;
