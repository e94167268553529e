package dev.davit.lower.aarch64;

import dev.davit.codegen.isa.IsaProvider;
import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.settings.Flags;
import dev.davit.codegen.settings.SettingGroup;
import java.io.File;

/** The {@code aarch64} backend, found through {@link java.util.ServiceLoader}. */
public final class AArch64IsaProvider implements IsaProvider {
    @Override
    public String name() {
        return "aarch64";
    }

    @Override
    public SettingGroup isaSettings() {
        return AArch64Settings.GROUP;
    }

    /** Natively on an AArch64 host, else under {@code qemu-aarch64} when it is on the PATH. */
    @Override
    public boolean canRunHere() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("aarch64") || arch.equals("arm64") || qemuPath() != null;
    }

    /** The {@code qemu-aarch64} executable on the PATH, or null. */
    public static String qemuPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, "qemu-aarch64");
            if (f.isFile() && f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    @Override
    public TargetIsa build(Flags shared, Flags isa) {
        return new AArch64Backend(shared, isa);
    }
}
