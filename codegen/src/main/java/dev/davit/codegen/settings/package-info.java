/**
 * Compiler settings: the shared ones of {@code set} lines ({@link dev.davit.codegen.settings.SharedSettings})
 * and each ISA's flags of {@code target} lines, declared once in a
 * {@link dev.davit.codegen.settings.SettingGroup}, parsed word by word by
 * {@link dev.davit.codegen.settings.Flags.Builder} (unknown names and bad values are
 * {@link dev.davit.codegen.settings.SettingError}s), and frozen into
 * {@link dev.davit.codegen.settings.Flags}, which the compiler reads by dense index.
 */
package dev.davit.codegen.settings;
