package dev.davit.jit.qemu;

import java.util.Map;

/**
 * Hand-assembled AArch64 functions as {@link Listing}s (words, then the assembly GNU as turns into
 * them; {@code ListingsTest} checks every one). Relocated fields are zero, as the assembler leaves them.
 */
final class A64Samples {
    private A64Samples() {}

    static final String ADD = """
            8b010000  add     x0, x0, x1
            d65f03c0  ret
            """;
    static final String MUL = """
            9b017c00  mul     x0, x0, x1
            d65f03c0  ret
            """;
    /** Sets all 32 bits of w0 (and, by the w-register write, clears the upper half of x0). */
    static final String MINUS_ONE = """
            12800000  mov     w0, #-1
            d65f03c0  ret
            """;
    /** Calls {@code callee} (an Arm64Call relocation at offset 8) and adds one; keeps a frame record. */
    static final String CALL_PLUS_ONE = """
            a9bf7bfd  stp     x29, x30, [sp, #-16]!
            910003fd  mov     x29, sp
            94000000  bl      callee
            91000400  add     x0, x0, #1
            a8c17bfd  ldp     x29, x30, [sp], #16
            d65f03c0  ret
            """;
    static final int CALL_PLUS_ONE_BL = 8;
    static final String UDF = """
            00000000  udf     #0
            """;
    static final String BRK = """
            d4200000  brk     #0
            """;
    static final String LOAD_NULL = """
            d2800000  mov     x0, #0
            f9400000  ldr     x0, [x0]
            d65f03c0  ret
            """;
    static final String CLOBBER_X19 = """
            d2800033  mov     x19, #1
            d65f03c0  ret
            """;
    static final String CLOBBER_D8 = """
            1e6e1008  fmov    d8, #1.0
            d65f03c0  ret
            """;
    static final String LEAK_SP = """
            d10043ff  sub     sp, sp, #16
            d65f03c0  ret
            """;
    static final String FADD_D = """
            1e612800  fadd    d0, d0, d1
            d65f03c0  ret
            """;
    static final String FADD_S = """
            1e212800  fadd    s0, s0, s1
            d65f03c0  ret
            """;
    /** i128 addition: the operands arrive in x0:x1 and x2:x3 (AAPCS64 C.9), the sum leaves in x0:x1. */
    static final String ADD_I128 = """
            ab020000  adds    x0, x0, x2
            9a030021  adc     x1, x1, x3
            d65f03c0  ret
            """;
    /** Loads the 8 bytes at {@code datum} (Aarch64AdrPrelPgHi21 at 0, Aarch64AddAbsLo12Nc at 4). */
    static final String LOAD_DATUM = """
            90000000  adrp    x0, datum
            91000000  add     x0, x0, :lo12:datum
            f9400000  ldr     x0, [x0]
            d65f03c0  ret
            """;
    /** Two results: x - 1 in x0, x + 1 in x1. */
    static final String PRED_SUCC = """
            91000401  add     x1, x0, #1
            d1000400  sub     x0, x0, #1
            d65f03c0  ret
            """;
    static final String SPIN = """
            14000000  b       .
            """;
    static final String EXIT_7 = """
            d28000e0  mov     x0, #7
            d2800bc8  mov     x8, #94
            d4000001  svc     #0
            """;
    /** Sign-extends the low byte: a sext i8 parameter must arrive extended, so this is the identity on x0 then. */
    static final String SXTB = """
            93401c00  sxtb    x0, w0
            d65f03c0  ret
            """;

    /** (x0..x7, s0, s1) -> s0 - s1 + x7: the ninth and tenth i64 arrive on the stack. */
    static final String STACK_I64 = """
            a9402be9  ldp     x9, x10, [sp]
            cb0a0120  sub     x0, x9, x10
            8b070000  add     x0, x0, x7
            d65f03c0  ret
            """;
    /** (d0..d7, s0) -> s0 - d7. */
    static final String STACK_F64 = """
            fd4003e1  ldr     d1, [sp]
            1e673820  fsub    d0, d1, d7
            d65f03c0  ret
            """;
    /** (x0..x6, i128 on the stack at 0, i64 at 16) -> the i128 plus the i64 (no carry). */
    static final String STACK_I128 = """
            a94007e0  ldp     x0, x1, [sp]
            f9400be2  ldr     x2, [sp, #16]
            8b020000  add     x0, x0, x2
            d65f03c0  ret
            """;
    /** Apple packing: i8 at sp, i32 at sp+4, i16 at sp+8; returns their sum (the i8 signed). */
    static final String STACK_APPLE = """
            398003e0  ldrsb   x0, [sp]
            b94007e1  ldr     w1, [sp, #4]
            8b010000  add     x0, x0, x1
            794013e1  ldrh    w1, [sp, #8]
            8b010000  add     x0, x0, x1
            d65f03c0  ret
            """;
    /** Returns its first stack argument and pops the 16-byte argument area, as a tail-convention callee does. */
    /** A tail-convention callee (results from x2) returning its first stack argument and popping it. */
    static final String CALLEE_POPS = """
            f94003e2  ldr     x2, [sp]
            910043ff  add     sp, sp, #16
            d65f03c0  ret
            """;

    /** Returns (i64 x 9, i8): x0 = 1, x7 = 2, the ninth (100) and tenth (7) in the area at x8. */
    static final String SRET_TEN = """
            d2800020  mov     x0, #1
            d2800047  mov     x7, #2
            d2800c89  mov     x9, #100
            f9000109  str     x9, [x8]
            d28000e9  mov     x9, #7
            39002109  strb    w9, [x8, #8]
            d65f03c0  ret
            """;

    static Map<String, String> all() {
        return Map.ofEntries(Map.entry("ADD", ADD), Map.entry("MUL", MUL), Map.entry("MINUS_ONE", MINUS_ONE),
                Map.entry("CALL_PLUS_ONE", CALL_PLUS_ONE), Map.entry("UDF", UDF), Map.entry("BRK", BRK),
                Map.entry("LOAD_NULL", LOAD_NULL), Map.entry("CLOBBER_X19", CLOBBER_X19),
                Map.entry("CLOBBER_D8", CLOBBER_D8), Map.entry("LEAK_SP", LEAK_SP), Map.entry("FADD_D", FADD_D),
                Map.entry("FADD_S", FADD_S), Map.entry("ADD_I128", ADD_I128), Map.entry("LOAD_DATUM", LOAD_DATUM),
                Map.entry("PRED_SUCC", PRED_SUCC), Map.entry("SPIN", SPIN), Map.entry("EXIT_7", EXIT_7),
                Map.entry("SXTB", SXTB), Map.entry("STACK_I64", STACK_I64), Map.entry("STACK_F64", STACK_F64),
                Map.entry("STACK_I128", STACK_I128), Map.entry("STACK_APPLE", STACK_APPLE),
                Map.entry("CALLEE_POPS", CALLEE_POPS), Map.entry("SRET_TEN", SRET_TEN));
    }
}
