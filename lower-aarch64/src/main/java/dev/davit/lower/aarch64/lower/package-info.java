/**
 * AArch64 instruction selection: the ISLE rules of {@code src/main/isle} (generated into
 * {@code AArch64Isle}), the externs they call ({@link dev.davit.lower.aarch64.lower.AArch64LowerBackend})
 * and the instruction facts the shared pipeline needs ({@link dev.davit.lower.aarch64.lower.AArch64MachInstInfo}).
 */
package dev.davit.lower.aarch64.lower;
