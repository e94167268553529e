package dev.davit.codegen.isa;

import dev.davit.codegen.settings.Flags;
import dev.davit.codegen.settings.SettingError;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds backends by name. {@link #lookup} turns a {@code target} line's words (the architecture, then
 * ISA flags and presets) plus the shared flags into a {@link TargetIsa}, or explains what is wrong.
 */
public final class IsaRegistry {
    private IsaRegistry() {}

    private static volatile List<IsaProvider> providers;

    /** Every backend on the class path, in a stable order. */
    public static List<IsaProvider> providers() {
        List<IsaProvider> p = providers;
        if (p == null) {
            List<IsaProvider> found = new ArrayList<>();
            for (IsaProvider ip : ServiceLoader.load(IsaProvider.class, IsaRegistry.class.getClassLoader())) found.add(ip);
            found.sort((a, b) -> a.name().compareTo(b.name()));
            providers = p = List.copyOf(found);
        }
        return p;
    }

    /** The provider for an architecture name, or null when Davit has no such backend. */
    public static IsaProvider provider(String arch) {
        for (IsaProvider p : providers()) if (p.name().equals(arch)) return p;
        return null;
    }

    /**
     * Builds a target from a {@code target} line's words ({@code x86_64 has_avx skylake}).
     *
     * @throws SettingError for an unknown architecture or flag
     */
    public static TargetIsa lookup(List<String> targetWords, Flags shared) throws SettingError {
        if (targetWords.isEmpty()) throw new SettingError("target line names no architecture");
        String arch = targetWords.get(0);
        IsaProvider p = provider(arch);
        if (p == null) throw new SettingError("no backend for target '" + arch + "'");
        Flags.Builder b = p.isaSettings().builder();
        for (int i = 1; i < targetWords.size(); i++) b.apply(targetWords.get(i));
        return p.build(shared, b.build());
    }
}
