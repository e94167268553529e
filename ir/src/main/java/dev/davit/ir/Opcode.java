package dev.davit.ir;

import java.util.HashMap;
import java.util.Map;

/**
 * Every CLIF opcode, declared once as data: its {@link Format}, its type constraints (an
 * {@link OpConstraints} spec string) and its properties. The text name is the lower-case constant
 * name.
 *
 * <p>Property letters: t = terminator, b = branch, c = call, r = return, T = can trap, L = can load,
 * S = can store, X = other side effects, I = side effects idempotent, E = can throw.
 */
public enum Opcode {
    // ---- control flow ----
    JUMP(Format.JUMP, "; ->", "tb"),
    BRIF(Format.BRIF, "C=int; C ->", "tb"),
    BR_TABLE(Format.BRANCH_TABLE, "T=i32; T ->", "tb"),
    DEBUGTRAP(Format.NULLARY, "; ->", "XLS"),
    TRAP(Format.TRAP, "; ->", "tT"),
    TRAPZ(Format.COND_TRAP, "T=int; T ->", "TI"),
    TRAPNZ(Format.COND_TRAP, "T=int; T ->", "TI"),
    RETURN(Format.MULTIARY, "; * ->", "tr"),
    CALL(Format.CALL, "; * -> sig", "cT"),
    CALL_INDIRECT(Format.CALL_INDIRECT, "A=iaddr; A, * -> sig", "cT"),
    RETURN_CALL(Format.CALL, "; * ->", "trcT"),
    RETURN_CALL_INDIRECT(Format.CALL_INDIRECT, "A=iaddr; A, * ->", "trcT"),
    TRY_CALL(Format.TRY_CALL, "; * ->", "tbcTE"),
    TRY_CALL_INDIRECT(Format.TRY_CALL_INDIRECT, "A=iaddr; A, * ->", "tbcTE"),
    FUNC_ADDR(Format.FUNC_ADDR, "T=iaddr; -> T", ""),
    GET_EXCEPTION_HANDLER_ADDRESS(Format.EXCEPTION_HANDLER_ADDRESS, "T=iaddr; -> T", ""),
    // ---- SIMD lanes ----
    SPLAT(Format.UNARY, "T=vec|dyn; T.lane -> T", ""),
    SWIZZLE(Format.BINARY, "; i8x16, i8x16 -> i8x16", ""),
    X86_PSHUFB(Format.BINARY, "; i8x16, i8x16 -> i8x16", ""),
    INSERTLANE(Format.TERNARY_IMM8, "T=vec|dyn; T, T.lane -> T", ""),
    EXTRACTLANE(Format.BINARY_IMM8, "T=vec|dyn; T -> T.lane", ""),
    EXTRACT_VECTOR(Format.BINARY_IMM8, "T=dyn; T -> T.dyn2vec", ""),
    SHUFFLE(Format.SHUFFLE, "; i8x16, i8x16 -> i8x16", ""),
    // ---- min/max and saturating arithmetic ----
    SMIN(Format.BINARY, "T=int|ivec|dynivec; T, T -> T", ""),
    UMIN(Format.BINARY, "T=int|ivec|dynivec; T, T -> T", ""),
    SMAX(Format.BINARY, "T=int|ivec|dynivec; T, T -> T", ""),
    UMAX(Format.BINARY, "T=int|ivec|dynivec; T, T -> T", ""),
    AVG_ROUND(Format.BINARY, "T=ivec; T, T -> T", ""),
    UADD_SAT(Format.BINARY, "T=ivec; T, T -> T", ""),
    SADD_SAT(Format.BINARY, "T=ivec; T, T -> T", ""),
    USUB_SAT(Format.BINARY, "T=ivec; T, T -> T", ""),
    SSUB_SAT(Format.BINARY, "T=ivec; T, T -> T", ""),
    // ---- memory ----
    LOAD(Format.LOAD, "T=int|float|vec|dyn, A=iaddr; A -> T", "L"),
    STORE(Format.STORE, "T=int|float|vec|dyn, A=iaddr; T, A ->", "S"),
    ULOAD8(Format.LOAD, "T=i16|i32|i64, A=iaddr; A -> T", "L"),
    SLOAD8(Format.LOAD, "T=i16|i32|i64, A=iaddr; A -> T", "L"),
    ISTORE8(Format.STORE, "T=i16|i32|i64, A=iaddr; T, A ->", "S"),
    ULOAD16(Format.LOAD, "T=i32|i64, A=iaddr; A -> T", "L"),
    SLOAD16(Format.LOAD, "T=i32|i64, A=iaddr; A -> T", "L"),
    ISTORE16(Format.STORE, "T=i32|i64, A=iaddr; T, A ->", "S"),
    ULOAD32(Format.LOAD, "T=i64, A=iaddr; A -> T", "L"),
    SLOAD32(Format.LOAD, "T=i64, A=iaddr; A -> T", "L"),
    ISTORE32(Format.STORE, "T=i64, A=iaddr; T, A ->", "S"),
    ULOAD8X8(Format.LOAD, "T=i16vec, A=iaddr; A -> T", "L"),
    SLOAD8X8(Format.LOAD, "T=i16vec, A=iaddr; A -> T", "L"),
    ULOAD16X4(Format.LOAD, "T=i32vec, A=iaddr; A -> T", "L"),
    SLOAD16X4(Format.LOAD, "T=i32vec, A=iaddr; A -> T", "L"),
    ULOAD32X2(Format.LOAD, "T=i64vec, A=iaddr; A -> T", "L"),
    SLOAD32X2(Format.LOAD, "T=i64vec, A=iaddr; A -> T", "L"),
    STACK_SWITCH(Format.TERNARY, "T=iaddr; T, T, T -> T", "cXLS"),
    STACK_ADDR(Format.STACK_LOAD, "T=iaddr; -> T", ""),
    DYNAMIC_STACK_LOAD(Format.DYNAMIC_STACK_LOAD, "T=dyn; -> T", "L"),
    DYNAMIC_STACK_STORE(Format.DYNAMIC_STACK_STORE, "T=dyn; T ->", "S"),
    DYNAMIC_STACK_ADDR(Format.DYNAMIC_STACK_LOAD, "T=iaddr; -> T", ""),
    SYMBOL_VALUE(Format.UNARY_GLOBAL_VALUE, "T=iaddr; -> T", ""),
    TLS_VALUE(Format.UNARY_GLOBAL_VALUE, "T=iaddr; -> T", ""),
    GET_PINNED_REG(Format.NULLARY, "T=iaddr; -> T", "X"),
    SET_PINNED_REG(Format.UNARY, "T=iaddr; T ->", "X"),
    GET_FRAME_POINTER(Format.NULLARY, "T=iaddr; -> T", ""),
    GET_STACK_POINTER(Format.NULLARY, "T=iaddr; -> T", ""),
    GET_RETURN_ADDRESS(Format.NULLARY, "T=iaddr; -> T", ""),
    // ---- constants ----
    ICONST(Format.UNARY_IMM, "T=i8|i16|i32|i64; -> T", ""),
    F16CONST(Format.UNARY_IEEE16, "; -> f16", ""),
    F32CONST(Format.UNARY_IEEE32, "; -> f32", ""),
    F64CONST(Format.UNARY_IEEE64, "; -> f64", ""),
    F128CONST(Format.UNARY_CONST, "; -> f128", ""),
    VCONST(Format.UNARY_CONST, "T=vec; -> T", ""),
    NOP(Format.NULLARY, "; ->", ""),
    // ---- selection and comparison ----
    SELECT(Format.TERNARY, "T=any, C=int; C, T, T -> T", ""),
    SELECT_SPECTRE_GUARD(Format.TERNARY, "T=any, C=int; C, T, T -> T", ""),
    BITSELECT(Format.TERNARY, "T=int|float|vec; T, T, T -> T", ""),
    X86_BLENDV(Format.TERNARY, "T=vec128; T, T, T -> T", ""),
    VANY_TRUE(Format.UNARY, "T=vec; T -> i8", ""),
    VALL_TRUE(Format.UNARY, "T=vec; T -> i8", ""),
    VHIGH_BITS(Format.UNARY, "T=int, V=vec; V -> T", ""),
    ICMP(Format.INT_COMPARE, "T=int|ivec|dynivec; T, T -> T.truthy", ""),
    // ---- integer arithmetic ----
    IADD(Format.BINARY, "T=int|ivec|dynivec; T, T -> T", ""),
    ISUB(Format.BINARY, "T=int|ivec|dynivec; T, T -> T", ""),
    INEG(Format.UNARY, "T=int|ivec|dynivec; T -> T", ""),
    IABS(Format.UNARY, "T=int|ivec|dynivec; T -> T", ""),
    IMUL(Format.BINARY, "T=int|ivec|dynivec; T, T -> T", ""),
    UMULHI(Format.BINARY, "T=int|ivec|dynivec; T, T -> T", ""),
    SMULHI(Format.BINARY, "T=int|ivec|dynivec; T, T -> T", ""),
    SQMUL_ROUND_SAT(Format.BINARY, "T=i16vec|i32vec; T, T -> T", ""),
    X86_PMULHRSW(Format.BINARY, "T=i16vec; T, T -> T", ""),
    UDIV(Format.BINARY, "T=int|ivec|dynivec; T, T -> T", "TI"),
    SDIV(Format.BINARY, "T=int|ivec|dynivec; T, T -> T", "TI"),
    UREM(Format.BINARY, "T=int|ivec|dynivec; T, T -> T", "TI"),
    SREM(Format.BINARY, "T=int|ivec|dynivec; T, T -> T", "TI"),
    UADD_OVERFLOW(Format.BINARY, "T=int; T, T -> T, i8", ""),
    SADD_OVERFLOW(Format.BINARY, "T=int; T, T -> T, i8", ""),
    USUB_OVERFLOW(Format.BINARY, "T=int; T, T -> T, i8", ""),
    SSUB_OVERFLOW(Format.BINARY, "T=int; T, T -> T, i8", ""),
    UMUL_OVERFLOW(Format.BINARY, "T=i8|i16|i32|i64; T, T -> T, i8", ""),
    SMUL_OVERFLOW(Format.BINARY, "T=i8|i16|i32|i64; T, T -> T, i8", ""),
    UADD_OVERFLOW_TRAP(Format.INT_ADD_TRAP, "T=i32|i64; T, T -> T", "TI"),
    UADD_OVERFLOW_CIN(Format.TERNARY, "T=int; T, T, i8 -> T, i8", ""),
    SADD_OVERFLOW_CIN(Format.TERNARY, "T=int; T, T, i8 -> T, i8", ""),
    USUB_OVERFLOW_BIN(Format.TERNARY, "T=int; T, T, i8 -> T, i8", ""),
    SSUB_OVERFLOW_BIN(Format.TERNARY, "T=int; T, T, i8 -> T, i8", ""),
    // ---- bitwise ----
    BAND(Format.BINARY, "T=int|float|vec; T, T -> T", ""),
    BOR(Format.BINARY, "T=int|float|vec; T, T -> T", ""),
    BXOR(Format.BINARY, "T=int|float|vec; T, T -> T", ""),
    BNOT(Format.UNARY, "T=int|float|vec; T -> T", ""),
    BAND_NOT(Format.BINARY, "T=int|float|vec; T, T -> T", ""),
    BOR_NOT(Format.BINARY, "T=int|float|vec; T, T -> T", ""),
    BXOR_NOT(Format.BINARY, "T=int|float|vec; T, T -> T", ""),
    ROTL(Format.BINARY, "T=int|ivec|dynivec, S=int; T, S -> T", ""),
    ROTR(Format.BINARY, "T=int|ivec|dynivec, S=int; T, S -> T", ""),
    ISHL(Format.BINARY, "T=int|ivec|dynivec, S=int; T, S -> T", ""),
    USHR(Format.BINARY, "T=int|ivec|dynivec, S=int; T, S -> T", ""),
    SSHR(Format.BINARY, "T=int|ivec|dynivec, S=int; T, S -> T", ""),
    BITREV(Format.UNARY, "T=int; T -> T", ""),
    CLZ(Format.UNARY, "T=int; T -> T", ""),
    CLS(Format.UNARY, "T=int; T -> T", ""),
    CTZ(Format.UNARY, "T=int; T -> T", ""),
    BSWAP(Format.UNARY, "T=i16|i32|i64|i128; T -> T", ""),
    POPCNT(Format.UNARY, "T=int|ivec|dynivec; T -> T", ""),
    // ---- floating point ----
    FCMP(Format.FLOAT_COMPARE, "T=float|fvec|dynfvec; T, T -> T.truthy", ""),
    FADD(Format.BINARY, "T=float|fvec|dynfvec; T, T -> T", ""),
    FSUB(Format.BINARY, "T=float|fvec|dynfvec; T, T -> T", ""),
    FMUL(Format.BINARY, "T=float|fvec|dynfvec; T, T -> T", ""),
    FDIV(Format.BINARY, "T=float|fvec|dynfvec; T, T -> T", ""),
    SQRT(Format.UNARY, "T=float|fvec|dynfvec; T -> T", ""),
    FMA(Format.TERNARY, "T=float|fvec|dynfvec; T, T, T -> T", ""),
    FNEG(Format.UNARY, "T=float|fvec|dynfvec; T -> T", ""),
    FABS(Format.UNARY, "T=float|fvec|dynfvec; T -> T", ""),
    FCOPYSIGN(Format.BINARY, "T=float|fvec|dynfvec; T, T -> T", ""),
    FMIN(Format.BINARY, "T=float|fvec|dynfvec; T, T -> T", ""),
    FMAX(Format.BINARY, "T=float|fvec|dynfvec; T, T -> T", ""),
    CEIL(Format.UNARY, "T=float|fvec|dynfvec; T -> T", ""),
    FLOOR(Format.UNARY, "T=float|fvec|dynfvec; T -> T", ""),
    TRUNC(Format.UNARY, "T=float|fvec|dynfvec; T -> T", ""),
    NEAREST(Format.UNARY, "T=float|fvec|dynfvec; T -> T", ""),
    // ---- conversions ----
    BITCAST(Format.LOAD_NO_OFFSET, "T=int|float|vec, X=int|float|vec; X -> T", ""),
    SCALAR_TO_VECTOR(Format.UNARY, "T=vec; T.lane -> T", ""),
    BMASK(Format.UNARY, "T=int|ivec|dynivec, X=int|ivec; X -> T", ""),
    IREDUCE(Format.UNARY, "T=i8|i16|i32|i64; T.wider -> T", ""),
    SNARROW(Format.BINARY, "T=i16vec|i32vec|i64vec; T, T -> T.split", ""),
    UNARROW(Format.BINARY, "T=i16vec|i32vec|i64vec; T, T -> T.split", ""),
    UUNARROW(Format.BINARY, "T=i16vec|i32vec|i64vec; T, T -> T.split", ""),
    SWIDEN_LOW(Format.UNARY, "T=i8vec|i16vec|i32vec; T -> T.merge", ""),
    SWIDEN_HIGH(Format.UNARY, "T=i8vec|i16vec|i32vec; T -> T.merge", ""),
    UWIDEN_LOW(Format.UNARY, "T=i8vec|i16vec|i32vec; T -> T.merge", ""),
    UWIDEN_HIGH(Format.UNARY, "T=i8vec|i16vec|i32vec; T -> T.merge", ""),
    IADD_PAIRWISE(Format.BINARY, "T=i8vec|i16vec|i32vec; T, T -> T", ""),
    X86_PMADDUBSW(Format.BINARY, "; i8x16, i8x16 -> i16x8", ""),
    UEXTEND(Format.UNARY, "T=i16|i32|i64|i128; T.narrower -> T", ""),
    SEXTEND(Format.UNARY, "T=i16|i32|i64|i128; T.narrower -> T", ""),
    FPROMOTE(Format.UNARY, "T=float; T.narrower -> T", ""),
    FDEMOTE(Format.UNARY, "T=float; T.wider -> T", ""),
    FVDEMOTE(Format.UNARY, "; f64x2 -> f32x4", ""),
    FVPROMOTE_LOW(Format.UNARY, "; f32x4 -> f64x2", ""),
    FCVT_TO_UINT(Format.UNARY, "T=int, X=float; X -> T", "TI"),
    FCVT_TO_SINT(Format.UNARY, "T=int, X=float; X -> T", "TI"),
    FCVT_TO_UINT_SAT(Format.UNARY, "T=int|ivec|dynivec, X=float|fvec; X -> T", ""),
    FCVT_TO_SINT_SAT(Format.UNARY, "T=int|ivec|dynivec, X=float|fvec; X -> T", ""),
    X86_CVTT2DQ(Format.UNARY, "T=i32vec, X=f32vec; X -> T", ""),
    FCVT_FROM_UINT(Format.UNARY, "T=float|fvec, X=int|ivec; X -> T", ""),
    FCVT_FROM_SINT(Format.UNARY, "T=float|fvec, X=int|ivec; X -> T", ""),
    ISPLIT(Format.UNARY, "T=i16|i32|i64|i128; T -> T.half, T.half", ""),
    ICONCAT(Format.BINARY, "T=i8|i16|i32|i64; T, T -> T.double", ""),
    // ---- atomics and ordering ----
    ATOMIC_RMW(Format.ATOMIC_RMW, "T=i8|i16|i32|i64|i128, A=iaddr; A, T -> T", "LSX"),
    ATOMIC_CAS(Format.ATOMIC_CAS, "T=i8|i16|i32|i64|i128, A=iaddr; A, T, T -> T", "LSX"),
    ATOMIC_LOAD(Format.LOAD_NO_OFFSET, "T=i8|i16|i32|i64|i128, A=iaddr; A -> T", "LX"),
    ATOMIC_STORE(Format.STORE_NO_OFFSET, "T=i8|i16|i32|i64|i128, A=iaddr; T, A ->", "SX"),
    FENCE(Format.NULLARY, "; ->", "X"),
    SEQUENCE_POINT(Format.NULLARY, "; ->", "X"),
    ;

    private final Format format;
    private final OpConstraints constraints;
    private final int props;
    private final String textName;

    private static final int P_TERM = 1, P_BRANCH = 2, P_CALL = 4, P_RETURN = 8, P_TRAP = 16, P_LOAD = 32,
            P_STORE = 64, P_SIDE = 128, P_IDEM = 256, P_THROW = 512;

    Opcode(Format format, String spec, String props) {
        this.format = format;
        // As in Cranelift, Ternary infers the controlling type from its second operand (select's x) and AtomicCas from its third.
        this.constraints = OpConstraints.parse(spec, switch (format) { case TERNARY -> 1; case ATOMIC_CAS -> 2; default -> 0; });
        int p = 0;
        for (int i = 0; i < props.length(); i++) {
            p |= switch (props.charAt(i)) {
                case 't' -> P_TERM; case 'b' -> P_BRANCH; case 'c' -> P_CALL; case 'r' -> P_RETURN;
                case 'T' -> P_TRAP; case 'L' -> P_LOAD; case 'S' -> P_STORE; case 'X' -> P_SIDE;
                case 'I' -> P_IDEM; case 'E' -> P_THROW;
                default -> throw new IllegalArgumentException("property " + props.charAt(i));
            };
        }
        this.props = p;
        this.textName = name().toLowerCase(java.util.Locale.ROOT);
    }

    private static final Opcode[] VALUES = values();
    private static final Map<String, Opcode> BY_NAME = new HashMap<>();
    static {
        for (Opcode op : VALUES) BY_NAME.put(op.textName, op);
    }

    /** The opcode with the given text name, or null. */
    public static Opcode byName(String name) { return BY_NAME.get(name); }

    /** The opcode with the given ordinal (as stored in the DFG). */
    public static Opcode of(int ordinal) { return VALUES[ordinal]; }

    public Format format() { return format; }
    public OpConstraints constraints() { return constraints; }
    public String textName() { return textName; }
    public boolean isTerminator() { return (props & P_TERM) != 0; }
    public boolean isBranch() { return (props & P_BRANCH) != 0; }
    public boolean isCall() { return (props & P_CALL) != 0; }
    public boolean isReturn() { return (props & P_RETURN) != 0; }
    public boolean canTrap() { return (props & P_TRAP) != 0; }
    public boolean canLoad() { return (props & P_LOAD) != 0; }
    public boolean canStore() { return (props & P_STORE) != 0; }
    public boolean otherSideEffects() { return (props & P_SIDE) != 0; }
    public boolean sideEffectsIdempotent() { return (props & P_IDEM) != 0; }
    public boolean canThrow() { return (props & P_THROW) != 0; }

    @Override
    public String toString() { return textName; }
}
