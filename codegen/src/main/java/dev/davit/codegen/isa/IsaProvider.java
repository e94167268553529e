package dev.davit.codegen.isa;

import dev.davit.codegen.settings.Flags;
import dev.davit.codegen.settings.SettingError;
import dev.davit.codegen.settings.SettingGroup;

/**
 * A backend, as found by {@link IsaRegistry} through {@link java.util.ServiceLoader}: each backend
 * module lists its provider in {@code META-INF/services/dev.davit.codegen.isa.IsaProvider}, so codegen
 * never names a backend class.
 */
public interface IsaProvider {
    /** The architecture name of {@code target} lines: {@code x86_64}, {@code aarch64}. */
    String name();

    /** The ISA's own flags ({@code has_avx}, presets such as {@code skylake}). */
    SettingGroup isaSettings();

    /** Whether code for this ISA can run on this machine (natively or under an emulator the tests use). */
    boolean canRunHere();

    /** A configured ISA. */
    TargetIsa build(Flags shared, Flags isa) throws SettingError;
}
