package dev.davit.ir.interpreter;

import dev.davit.ir.Function;

/**
 * Something a call can reach: a function of the interpreted set (decoded on first call) or a
 * runtime library call the interpreter implements itself. Each has a fake code address so
 * {@code func_addr} and {@code call_indirect} work.
 */
final class FunctionEntry {
    final Function function;
    final String libcall;
    final String name;
    final long address;
    CompiledFunction compiled;

    FunctionEntry(Function function, String libcall, String name, long address) {
        this.function = function;
        this.libcall = libcall;
        this.name = name;
        this.address = address;
    }

    CompiledFunction compiled(Interpreter owner) {
        if (compiled == null) compiled = CompiledFunction.compile(owner, this);
        return compiled;
    }
}
