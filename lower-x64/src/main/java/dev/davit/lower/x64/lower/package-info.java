/**
 * x86-64 instruction selection: the ISLE rules ({@code src/main/isle/dev/davit/lower/x64/*.isle} and
 * the shared {@code codegen/src/main/isle/prelude_lower.isle}), compiled at build time into
 * {@code X64Isle}, and the Java side the shared lowering driver calls ({@link
 * dev.davit.lower.x64.lower.X64LowerBackend}, which implements the rules' extern {@code Context}, and
 * {@link dev.davit.lower.x64.lower.X64MachInstInfo}).
 */
package dev.davit.lower.x64.lower;
