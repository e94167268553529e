package dev.davit.jit;

import dev.davit.codegen.buffer.RelocKind;
import dev.davit.ir.DataValue;
import dev.davit.ir.Signature;

import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link ModuleImage} placed in {@link ExecutableMemory}, linked and sealed: its functions can be
 * called in this process. Trusted code only — a trap in it takes the JVM down; untrusted or test
 * code goes through {@code dev.davit.jit.isolated.IsolatedExecutor}.
 *
 * <p>Layout of the mapping: the code, then one veneer per distinct outside call target (used only
 * if the target is beyond a direct call's reach), then on separate pages the read-only data
 * followed by one GOT slot per distinct target of {@link RelocKind#X86GOTPCRel4}.
 */
public final class JitModule implements AutoCloseable {
    private final ModuleImage image;
    private final ExecutableMemory memory;
    private final long[] entries;

    private JitModule(ModuleImage image, ExecutableMemory memory, long[] entries) {
        this.image = image;
        this.memory = memory;
        this.entries = entries;
    }

    /** Loads {@code image}, resolving outside symbols in the C library and the other default libraries. */
    public static JitModule load(ModuleImage image) {
        return load(image, Linker.nativeLinker().defaultLookup());
    }

    /** Loads {@code image}, resolving outside symbols through {@code symbols}. */
    public static JitModule load(ModuleImage image, SymbolLookup symbols) {
        return load(image, symbols, false);
    }

    /** As {@link #load(ModuleImage, SymbolLookup)}; {@code forceVeneers} routes every outside call through its veneer (for tests). */
    static JitModule load(ModuleImage image, SymbolLookup symbols, boolean forceVeneers) {
        byte[] code = image.code();
        byte[] data = image.data();

        // Distinct outside names, veneer candidates and GOT entries, in first-use order.
        Set<String> names = new LinkedHashSet<>();
        Map<String, Integer> veneerIndex = new LinkedHashMap<>();
        Map<RelocTarget, Integer> gotIndex = new LinkedHashMap<>();
        for (Reloc r : image.relocs()) {
            if (r.target() instanceof RelocTarget.Symbol s) {
                names.add(s.name());
                // One veneer per name and ISA family: x86 and AArch64 veneers differ.
                if (r.kind().isCall()) veneerIndex.putIfAbsent(veneerKey(s.name(), r.kind()), veneerIndex.size());
            }
            if (r.kind() == RelocKind.X86GOTPCRel4) gotIndex.putIfAbsent(r.target(), gotIndex.size());
        }

        Map<String, Long> resolved = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            Optional<MemorySegment> seg = symbols.find(n);
            if (seg.isPresent()) resolved.put(n, seg.get().address());
            else missing.add(n);
        }
        if (!missing.isEmpty()) throw new JitException("unresolved symbols: " + String.join(", ", missing));

        long veneerStart = align(code.length, Relocations.VENEER_SIZE);
        long codeBytes = veneerStart + (long) veneerIndex.size() * Relocations.VENEER_SIZE;
        long gotStart = align(data.length, 8);
        long dataBytes = gotIndex.isEmpty() ? data.length : gotStart + 8L * gotIndex.size();

        ExecutableMemory mem = ExecutableMemory.allocate(codeBytes, dataBytes);
        try {
            MemorySegment cseg = mem.code();
            MemorySegment dseg = mem.data();
            MemorySegment.copy(MemorySegment.ofArray(code), 0, cseg, 0, code.length);
            if (data.length > 0) MemorySegment.copy(MemorySegment.ofArray(data), 0, dseg, 0, data.length);
            long base = mem.codeAddress();
            long dataBase = mem.dataAddress();
            long[] entries = new long[image.functions().size()];
            for (int i = 0; i < entries.length; i++) entries[i] = base + image.functions().get(i).offset();

            boolean[] veneerWritten = new boolean[veneerIndex.size()];
            for (Reloc r : image.relocs()) {
                long s = switch (r.target()) {
                    case RelocTarget.Function f -> entries[f.index()];
                    case RelocTarget.Symbol sym -> resolved.get(sym.name());
                    case RelocTarget.Data d -> dataBase + d.offset();
                };
                if (r.kind() == RelocKind.X86GOTPCRel4) {
                    long slot = gotStart + 8L * gotIndex.get(r.target());
                    dseg.set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, slot, s);
                    s = dataBase + slot;
                } else if (r.kind().isCall() && r.target() instanceof RelocTarget.Symbol sym
                        && (forceVeneers || !Relocations.inRange(r.kind(), base + r.offset(), s + r.addend()))) {
                    int v = veneerIndex.get(veneerKey(sym.name(), r.kind()));
                    long vOff = veneerStart + (long) v * Relocations.VENEER_SIZE;
                    if (!veneerWritten[v]) {
                        Relocations.writeVeneer(cseg, vOff, r.kind(), s);
                        veneerWritten[v] = true;
                    }
                    s = base + vOff;
                }
                Relocations.patch(cseg, base, r.offset(), r.kind(), s + r.addend());
            }
            mem.seal();
            return new JitModule(image, mem, entries);
        } catch (RuntimeException | Error e) {
            mem.close();
            throw e;
        }
    }

    private static String veneerKey(String name, RelocKind kind) {
        return (kind == RelocKind.Arm64Call ? "a64:" : "x86:") + name;
    }

    private static long align(long n, long a) { return (n + a - 1) & -a; }

    public ModuleImage image() { return image; }

    public ExecutableMemory memory() { return memory; }

    public int functionCount() { return entries.length; }

    /** Index of the function named {@code name}; throws if there is none. */
    public int indexOf(String name) {
        int i = image.indexOf(name);
        if (i < 0) throw new IllegalArgumentException("no function " + name + " in module");
        return i;
    }

    /** Absolute entry address of function {@code index}. */
    public long address(int index) { return entries[index]; }

    /**
     * Function {@code index} as a zero-length segment of this module's memory: passed as the target
     * of a downcall it keeps the module open for the duration of the call.
     */
    public MemorySegment function(int index) {
        return memory.code().asSlice(entries[index] - memory.codeAddress(), 0);
    }

    public MemorySegment function(String name) { return function(indexOf(name)); }

    /** The read-only data (possibly empty). */
    public MemorySegment data() { return memory.data(); }

    /** A handle calling function {@code index} with the Java types {@link NativeCall#descriptor} gives {@code sig}. */
    public MethodHandle handle(int index, Signature sig) {
        return NativeCall.downcall(sig).bindTo(function(index));
    }

    /** Calls function {@code index} in this thread. */
    public List<DataValue> call(int index, Signature sig, List<DataValue> args) {
        return NativeCall.invoke(function(index), sig, args);
    }

    public List<DataValue> call(String name, Signature sig, DataValue... args) {
        return call(indexOf(name), sig, List.of(args));
    }

    /** Unmaps the module. */
    @Override
    public void close() { memory.close(); }
}
