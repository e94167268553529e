package dev.davit.lower.x64;

import dev.davit.codegen.isa.IsaProvider;
import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.settings.Flags;
import dev.davit.codegen.settings.SettingGroup;

/** Registers the x86-64 backend with {@code IsaRegistry} (see META-INF/services). */
public final class X64IsaProvider implements IsaProvider {
    @Override public String name() { return "x86_64"; }

    @Override public SettingGroup isaSettings() { return X64Settings.GROUP; }

    @Override public boolean canRunHere() {
        String a = System.getProperty("os.arch");
        return a.equals("amd64") || a.equals("x86_64");
    }

    @Override public TargetIsa build(Flags shared, Flags isa) { return new X64Backend(shared, isa); }
}
