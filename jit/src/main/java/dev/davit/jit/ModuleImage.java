package dev.davit.jit;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to place a module in memory, before any address is known: the code of all its
 * functions in one byte array, where each function starts, the read-only data, and the
 * relocations that tie them to each other and to outside symbols. Plain data, so it can also be
 * shipped to an isolated worker process.
 *
 * @param code      machine code of all functions
 * @param data      read-only data (constants) placed on pages of their own; may be empty
 * @param functions entry points, in function-index order
 * @param relocs    relocations of the code, offsets from the start of {@code code}
 */
public record ModuleImage(byte[] code, byte[] data, List<Entry> functions, List<Reloc> relocs) {
    /** A function's name (for lookup and messages) and its entry offset in the code. */
    public record Entry(String name, int offset) {
        public Entry {
            Objects.requireNonNull(name);
            if (offset < 0) throw new IllegalArgumentException("negative entry offset");
        }
    }

    public ModuleImage {
        code = code.clone();
        data = data == null ? new byte[0] : data.clone();
        functions = List.copyOf(functions);
        relocs = List.copyOf(relocs);
        int codeLen = code.length, dataLen = data.length, nFunctions = functions.size();
        for (Entry e : functions)
            if (e.offset() > codeLen)
                throw new IllegalArgumentException("entry of " + e.name() + " at " + e.offset() + " is outside the code");
        for (Reloc r : relocs) {
            if ((long) r.offset() + Relocations.fieldSize(r.kind()) > codeLen)
                throw new IllegalArgumentException("relocation outside the code: " + r);
            switch (r.target()) {
                case RelocTarget.Function f when f.index() >= nFunctions ->
                        throw new IllegalArgumentException("relocation to function " + f.index() + " of " + nFunctions + ": " + r);
                case RelocTarget.Data d when d.offset() > dataLen ->
                        throw new IllegalArgumentException("relocation outside the data: " + r);
                default -> { }
            }
        }
    }

    /** A module of one function at offset 0. */
    public static ModuleImage single(String name, byte[] code, List<Reloc> relocs) {
        return new ModuleImage(code, new byte[0], List.of(new Entry(name, 0)), relocs);
    }

    /** Index of the function named {@code name}, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < functions.size(); i++) if (functions.get(i).name().equals(name)) return i;
        return -1;
    }

    public static Builder builder() { return new Builder(); }

    /** Lays out functions one after another (16-byte aligned) and data blobs, shifting their relocations. */
    public static final class Builder {
        private static final int FUNCTION_ALIGN = 16;
        private final ByteArrayOutputStream code = new ByteArrayOutputStream();
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private final List<Entry> functions = new ArrayList<>();
        private final List<Reloc> relocs = new ArrayList<>();

        private Builder() {}

        /** Appends a function whose relocation offsets count from its own start; returns its index. */
        public int function(String name, byte[] bytes, List<Reloc> functionRelocs) {
            pad(code, FUNCTION_ALIGN);
            int start = code.size();
            code.writeBytes(bytes);
            for (Reloc r : functionRelocs) relocs.add(r.shifted(start));
            functions.add(new Entry(name, start));
            return functions.size() - 1;
        }

        /** Appends read-only data aligned to {@code align} (a power of two up to the page size); returns its offset. */
        public int data(byte[] bytes, int align) {
            if (Integer.bitCount(align) != 1) throw new IllegalArgumentException("alignment must be a power of two");
            pad(data, align);
            int start = data.size();
            data.writeBytes(bytes);
            return start;
        }

        public ModuleImage build() {
            return new ModuleImage(code.toByteArray(), data.toByteArray(), functions, relocs);
        }

        private static void pad(ByteArrayOutputStream out, int align) {
            while (out.size() % align != 0) out.write(0);
        }
    }
}
