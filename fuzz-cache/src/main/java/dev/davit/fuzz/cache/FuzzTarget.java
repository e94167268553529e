package dev.davit.fuzz.cache;

import dev.davit.codegen.cache.SyntheticIsa;
import dev.davit.codegen.isa.IsaRegistry;
import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.settings.SettingError;
import dev.davit.codegen.settings.SharedSettings;
import java.util.Arrays;

/**
 * Which ISA the cache fuzzers compile for: the system property {@code davit.fuzz.target} (a
 * {@code target} line such as {@code x86_64} or {@code x86_64 has_avx}), or the synthetic stand-in
 * when it is unset, so the cache is fuzzed today and with the real backend once it is registered.
 */
public final class FuzzTarget {
    private FuzzTarget() {}

    public static TargetIsa fromProperty() {
        return named(System.getProperty("davit.fuzz.target", "synthetic"));
    }

    public static TargetIsa named(String targetLine) {
        String line = targetLine.strip();
        if (line.isEmpty() || line.equals("synthetic")) return new SyntheticIsa();
        try {
            return IsaRegistry.lookup(Arrays.asList(line.split("\\s+")), SharedSettings.defaults());
        } catch (SettingError e) {
            throw new IllegalArgumentException("no fuzz target '" + line + "': " + e.getMessage(), e);
        }
    }
}
