package dev.davit.jit;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/** Skips jqwik properties that execute x86-64 machine code on other hosts. */
public final class X86Only implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return Hex.isX86_64Linux() ? SkipResult.doNotSkip() : SkipResult.skip("x86-64 Linux only");
    }
}
