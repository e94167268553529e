package dev.davit.jit;

import dev.davit.codegen.buffer.RelocKind;
import java.util.List;

import static dev.davit.jit.Hex.bytes;

/** Hand-assembled x86-64 System V functions shared by the in-process and isolated tests. */
public final class X86Samples {
    private X86Samples() {}

    /** {@code (i32, i32) -> i32}: lea eax, [rdi+rsi] ; ret */
    public static final byte[] ADD_I32 = bytes("8d 04 37 c3");

    /** {@code (i64, i64) -> i64}: mov rax, rdi ; imul rax, rsi ; ret */
    public static final byte[] MUL_I64 = bytes("48 89 f8 48 0f af c6 c3");

    /** {@code (i32, i32) -> i32}: mov eax, edi ; cdq ; idiv esi ; ret */
    public static final byte[] SDIV_I32 = bytes("89 f8 99 f7 fe c3");

    /** {@code (i64) -> i64}: mov rax, [rdi] ; ret */
    public static final byte[] LOAD_I64 = bytes("48 8b 07 c3");

    /** {@code () -> i32}: ud2 */
    public static final byte[] UD2 = bytes("0f 0b");

    /** {@code () -> i32}: int3 */
    public static final byte[] INT3 = bytes("cc");

    /** {@code () -> i32}: jmp $ (forever) */
    public static final byte[] SPIN = bytes("eb fe");

    /** {@code (f64, f64) -> f64}: addsd xmm0, xmm1 ; ret */
    public static final byte[] ADD_F64 = bytes("f2 0f 58 c1 c3");

    /** {@code (f32, f32) -> f32}: addss xmm0, xmm1 ; ret */
    public static final byte[] ADD_F32 = bytes("f3 0f 58 c1 c3");

    /** {@code (i8 ext) -> i64}: mov rax, rdi ; ret — shows the whole register the callee received. */
    public static final byte[] RDI = bytes("48 89 f8 c3");

    /**
     * Module {add, twice_sum}: {@code twice_sum(x, y) = add(x, y) * 2} through a X86CallPCRel4.
     * <pre>
     * add:       lea eax, [rdi+rsi] ; ret
     * twice_sum: sub rsp, 8 ; call add ; add eax, eax ; add rsp, 8 ; ret
     * </pre>
     */
    public static ModuleImage callerCallee() {
        ModuleImage.Builder b = ModuleImage.builder();
        int add = b.function("add", ADD_I32, List.of());
        b.function("twice_sum", bytes("48 83 ec 08 e8 00 00 00 00 01 c0 48 83 c4 08 c3"),
                List.of(new Reloc(5, RelocKind.X86CallPCRel4, new RelocTarget.Function(add), -4)));
        return b.build();
    }

    /**
     * {@code (i32) -> i32} calling libc {@code abs} through a pointer loaded with an Abs8:
     * sub rsp, 8 ; movabs rax, abs ; call rax ; add rsp, 8 ; ret
     */
    public static ModuleImage absThroughPointer() {
        return ModuleImage.single("call_abs", bytes("48 83 ec 08 48 b8 00 00 00 00 00 00 00 00 ff d0 48 83 c4 08 c3"),
                List.of(new Reloc(6, RelocKind.Abs8, new RelocTarget.Symbol("abs"), 0)));
    }

    /** {@code (i64) -> i64} calling libc {@code labs} directly: sub rsp, 8 ; call labs ; add rsp, 8 ; ret */
    public static ModuleImage labsDirect() {
        return ModuleImage.single("call_labs", bytes("48 83 ec 08 e8 00 00 00 00 48 83 c4 08 c3"),
                List.of(new Reloc(5, RelocKind.X86CallPCRel4, new RelocTarget.Symbol("labs"), -4)));
    }

    /** {@code (i32) -> i32} tail-calling {@code abs} through its GOT slot: mov rax, [rip+abs@GOTPCREL] ; jmp rax */
    public static ModuleImage absThroughGot() {
        return ModuleImage.single("got_abs", bytes("48 8b 05 00 00 00 00 ff e0"),
                List.of(new Reloc(3, RelocKind.X86GOTPCRel4, new RelocTarget.Symbol("abs"), -4)));
    }

    /** {@code () -> i64} reading the second 8 bytes of the read-only data: mov rax, [rip+data+8] ; ret */
    public static ModuleImage constantFromData(long value) {
        ModuleImage.Builder b = ModuleImage.builder();
        byte[] pool = new byte[16];
        for (int i = 0; i < 8; i++) pool[8 + i] = (byte) (value >>> (8 * i));
        int off = b.data(pool, 8);
        b.function("constant", bytes("48 8b 05 00 00 00 00 c3"),
                List.of(new Reloc(3, RelocKind.X86PCRel4, new RelocTarget.Data(off + 8), -4)));
        return b.build();
    }

    /** {@code () -> i32} recursing without end: call self */
    public static final byte[] RECURSE = bytes("e8 fb ff ff ff");
}
