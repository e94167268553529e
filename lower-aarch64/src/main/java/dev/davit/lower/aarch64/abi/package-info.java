/** The AAPCS64 frame: prologue, epilogue, allocatable registers. */
package dev.davit.lower.aarch64.abi;
