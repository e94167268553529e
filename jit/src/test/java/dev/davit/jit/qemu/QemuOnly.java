package dev.davit.jit.qemu;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/** Skips jqwik properties that run code under qemu-aarch64 where it is not installed. */
public final class QemuOnly implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return QemuRunner.isAvailable() ? SkipResult.doNotSkip()
                : SkipResult.skip("qemu-aarch64 not installed (" + QemuRunner.INSTALL_HINT + ")");
    }
}
