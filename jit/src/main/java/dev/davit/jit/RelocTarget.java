package dev.davit.jit;

import java.util.Objects;

/** What a relocation points at. */
public sealed interface RelocTarget {
    /** The entry of function {@code index} of the same module. */
    record Function(int index) implements RelocTarget {
        public Function {
            if (index < 0) throw new IllegalArgumentException("negative function index");
        }
    }

    /** A symbol outside the module, found by name through the module's {@link java.lang.foreign.SymbolLookup}. */
    record Symbol(String name) implements RelocTarget {
        public Symbol {
            Objects.requireNonNull(name);
        }
    }

    /** Byte {@code offset} of the module's read-only data. */
    record Data(int offset) implements RelocTarget {
        public Data {
            if (offset < 0) throw new IllegalArgumentException("negative data offset");
        }
    }

    static RelocTarget function(int index) { return new Function(index); }

    static RelocTarget symbol(String name) { return new Symbol(name); }

    static RelocTarget data(int offset) { return new Data(offset); }
}
