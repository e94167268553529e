package dev.davit.ir.interpreter;

import java.util.HashMap;
import java.util.Map;

/**
 * The interpreter's own operation codes. CLIF opcodes are mapped to these by text name when a
 * function is prepared, so the interpreter does not depend on the order or completeness of
 * {@link dev.davit.ir.Opcode}; families that share one implementation (all lane-wise integer
 * binaries, all float roundings, ...) map to one code plus a sub-operation.
 */
final class Ops {
    private Ops() {}

    static final int UNSUPPORTED = 0, NOP = 1,
            JUMP = 2, BRIF = 3, BR_TABLE = 4, RETURN = 5, CALL = 6, CALL_INDIRECT = 7, RETURN_CALL = 8,
            RETURN_CALL_INDIRECT = 9, TRY_CALL = 10, TRY_CALL_INDIRECT = 11, FUNC_ADDR = 12, TRAP = 13, TRAPZ = 14,
            TRAPNZ = 15, DEBUGTRAP = 16,
            ICONST = 20, FCONST = 21, CONST_POOL = 22,
            SELECT = 25, BITSELECT = 26, BLENDV = 27, VANY_TRUE = 28, VALL_TRUE = 29, VHIGH_BITS = 30,
            ICMP = 31, ICMP_IMM = 32, FCMP = 33,
            IADD = 35, ISUB = 36, IMUL = 37, BAND = 38, BOR = 39, BXOR = 40,
            INT_BIN = 41, INT_BIN_IMM = 42, INT_UNARY = 43, SHIFT = 44, SHIFT_IMM = 45,
            OVF = 46, OVF_CARRY = 47, UADD_TRAP = 48,
            FLOAT_BIN = 50, FLOAT_UNARY = 51, FMA = 52,
            BITCAST = 55, SCALAR_TO_VECTOR = 56, BMASK = 57, IREDUCE = 58, UEXTEND = 59, SEXTEND = 60,
            NARROW = 61, WIDEN = 62, IADD_PAIRWISE = 63, FCVT_FLOAT = 64, FVDEMOTE = 65, FVPROMOTE_LOW = 66,
            FCVT_TO_INT = 67, FCVT_FROM_INT = 68, ISPLIT = 69, ICONCAT = 70, CVTT2DQ = 71, FCVT_LOW_FROM_SINT = 72,
            LOAD = 75, LOAD_VEC_EXT = 76, STORE = 77, STACK_LOAD = 78, STACK_STORE = 79, STACK_ADDR = 80,
            GLOBAL_VALUE = 81, GET_PINNED = 82, SET_PINNED = 83,
            ATOMIC_RMW = 85, ATOMIC_CAS = 86, ATOMIC_LOAD = 87, ATOMIC_STORE = 88,
            SPLAT = 90, SWIZZLE = 91, PSHUFB = 92, INSERTLANE = 93, EXTRACTLANE = 94, SHUFFLE = 95;

    // OVF sub-operations
    static final int UADD_OVF = 0, SADD_OVF = 1, USUB_OVF = 2, SSUB_OVF = 3, UMUL_OVF = 4, SMUL_OVF = 5;
    // OVF_CARRY sub-operations
    static final int UADD_CIN = 0, SADD_CIN = 1, USUB_BIN = 2, SSUB_BIN = 3;
    // NARROW
    static final int SNARROW = 0, UNARROW = 1, UUNARROW = 2;
    // WIDEN: bit 0 = high half, bit 1 = signed
    static final int WIDEN_HIGH = 1, WIDEN_SIGNED = 2;
    // FCVT_TO_INT: bit 0 = signed, bit 1 = saturating
    static final int CVT_SIGNED = 1, CVT_SAT = 2;

    /** Decoded mapping: op in the low 16 bits, sub-operation above. */
    private static final Map<String, Integer> BY_NAME = new HashMap<>();

    private static void def(String name, int op, int sub) { BY_NAME.put(name, op | sub << 16); }

    private static void def(String name, int op) { def(name, op, 0); }

    static int op(String name) {
        Integer v = BY_NAME.get(name);
        return v == null ? UNSUPPORTED : v & 0xffff;
    }

    static int sub(String name) {
        Integer v = BY_NAME.get(name);
        return v == null ? 0 : v >>> 16;
    }

    static {
        def("nop", NOP); def("fence", NOP); def("sequence_point", NOP);
        def("jump", JUMP); def("brif", BRIF); def("br_table", BR_TABLE); def("return", RETURN);
        def("call", CALL); def("call_indirect", CALL_INDIRECT); def("return_call", RETURN_CALL);
        def("return_call_indirect", RETURN_CALL_INDIRECT); def("try_call", TRY_CALL);
        def("try_call_indirect", TRY_CALL_INDIRECT); def("func_addr", FUNC_ADDR);
        def("trap", TRAP); def("trapz", TRAPZ); def("trapnz", TRAPNZ); def("debugtrap", DEBUGTRAP);
        def("iconst", ICONST); def("f16const", FCONST); def("f32const", FCONST); def("f64const", FCONST);
        def("f128const", CONST_POOL); def("vconst", CONST_POOL);
        def("select", SELECT); def("select_spectre_guard", SELECT); def("bitselect", BITSELECT);
        def("x86_blendv", BLENDV); def("vany_true", VANY_TRUE); def("vall_true", VALL_TRUE);
        def("vhigh_bits", VHIGH_BITS); def("icmp", ICMP); def("icmp_imm", ICMP_IMM); def("fcmp", FCMP);
        def("iadd", IADD, IntOps.ADD); def("isub", ISUB, IntOps.SUB); def("imul", IMUL, IntOps.MUL);
        def("band", BAND, IntOps.AND); def("bor", BOR, IntOps.OR); def("bxor", BXOR, IntOps.XOR);
        def("umulhi", INT_BIN, IntOps.UMULHI); def("smulhi", INT_BIN, IntOps.SMULHI);
        def("udiv", INT_BIN, IntOps.UDIV); def("sdiv", INT_BIN, IntOps.SDIV);
        def("urem", INT_BIN, IntOps.UREM); def("srem", INT_BIN, IntOps.SREM);
        def("band_not", INT_BIN, IntOps.ANDN); def("bor_not", INT_BIN, IntOps.ORN);
        def("bxor_not", INT_BIN, IntOps.XORN);
        def("smin", INT_BIN, IntOps.SMIN); def("smax", INT_BIN, IntOps.SMAX);
        def("umin", INT_BIN, IntOps.UMIN); def("umax", INT_BIN, IntOps.UMAX);
        def("uadd_sat", INT_BIN, IntOps.UADDSAT); def("sadd_sat", INT_BIN, IntOps.SADDSAT);
        def("usub_sat", INT_BIN, IntOps.USUBSAT); def("ssub_sat", INT_BIN, IntOps.SSUBSAT);
        def("avg_round", INT_BIN, IntOps.AVGR); def("sqmul_round_sat", INT_BIN, IntOps.SQMULRS);
        def("x86_pmulhrsw", INT_BIN, IntOps.PMULHRSW);
        def("iadd_imm", INT_BIN_IMM, IntOps.ADD); def("imul_imm", INT_BIN_IMM, IntOps.MUL);
        def("udiv_imm", INT_BIN_IMM, IntOps.UDIV); def("sdiv_imm", INT_BIN_IMM, IntOps.SDIV);
        def("urem_imm", INT_BIN_IMM, IntOps.UREM); def("srem_imm", INT_BIN_IMM, IntOps.SREM);
        def("irsub_imm", INT_BIN_IMM, IntOps.RSUB); def("band_imm", INT_BIN_IMM, IntOps.AND);
        def("bor_imm", INT_BIN_IMM, IntOps.OR); def("bxor_imm", INT_BIN_IMM, IntOps.XOR);
        def("ishl", SHIFT, IntOps.SHL); def("ushr", SHIFT, IntOps.USHR); def("sshr", SHIFT, IntOps.SSHR);
        def("rotl", SHIFT, IntOps.ROTL); def("rotr", SHIFT, IntOps.ROTR);
        def("ishl_imm", SHIFT_IMM, IntOps.SHL); def("ushr_imm", SHIFT_IMM, IntOps.USHR);
        def("sshr_imm", SHIFT_IMM, IntOps.SSHR); def("rotl_imm", SHIFT_IMM, IntOps.ROTL);
        def("rotr_imm", SHIFT_IMM, IntOps.ROTR);
        def("ineg", INT_UNARY, IntOps.NEG); def("iabs", INT_UNARY, IntOps.ABS); def("bnot", INT_UNARY, IntOps.NOT);
        def("clz", INT_UNARY, IntOps.CLZ); def("cls", INT_UNARY, IntOps.CLS); def("ctz", INT_UNARY, IntOps.CTZ);
        def("popcnt", INT_UNARY, IntOps.POPCNT); def("bitrev", INT_UNARY, IntOps.BITREV);
        def("bswap", INT_UNARY, IntOps.BSWAP);
        def("uadd_overflow", OVF, UADD_OVF); def("sadd_overflow", OVF, SADD_OVF);
        def("usub_overflow", OVF, USUB_OVF); def("ssub_overflow", OVF, SSUB_OVF);
        def("umul_overflow", OVF, UMUL_OVF); def("smul_overflow", OVF, SMUL_OVF);
        def("uadd_overflow_cin", OVF_CARRY, UADD_CIN); def("sadd_overflow_cin", OVF_CARRY, SADD_CIN);
        def("usub_overflow_bin", OVF_CARRY, USUB_BIN); def("ssub_overflow_bin", OVF_CARRY, SSUB_BIN);
        def("uadd_overflow_trap", UADD_TRAP);
        def("fadd", FLOAT_BIN, FloatOps.FADD); def("fsub", FLOAT_BIN, FloatOps.FSUB);
        def("fmul", FLOAT_BIN, FloatOps.FMUL); def("fdiv", FLOAT_BIN, FloatOps.FDIV);
        def("fmin", FLOAT_BIN, FloatOps.FMIN); def("fmax", FLOAT_BIN, FloatOps.FMAX);
        def("fcopysign", FLOAT_BIN, FloatOps.FCOPYSIGN);
        def("fneg", FLOAT_UNARY, FloatOps.FNEG); def("fabs", FLOAT_UNARY, FloatOps.FABS);
        def("sqrt", FLOAT_UNARY, FloatOps.SQRT); def("ceil", FLOAT_UNARY, FloatOps.CEIL);
        def("floor", FLOAT_UNARY, FloatOps.FLOOR); def("trunc", FLOAT_UNARY, FloatOps.TRUNC);
        def("nearest", FLOAT_UNARY, FloatOps.NEAREST); def("fma", FMA);
        def("bitcast", BITCAST); def("scalar_to_vector", SCALAR_TO_VECTOR); def("bmask", BMASK);
        def("ireduce", IREDUCE); def("uextend", UEXTEND); def("sextend", SEXTEND);
        def("snarrow", NARROW, SNARROW); def("unarrow", NARROW, UNARROW); def("uunarrow", NARROW, UUNARROW);
        def("swiden_low", WIDEN, WIDEN_SIGNED); def("swiden_high", WIDEN, WIDEN_SIGNED | WIDEN_HIGH);
        def("uwiden_low", WIDEN, 0); def("uwiden_high", WIDEN, WIDEN_HIGH);
        def("iadd_pairwise", IADD_PAIRWISE);
        def("fpromote", FCVT_FLOAT); def("fdemote", FCVT_FLOAT);
        def("fvdemote", FVDEMOTE); def("fvpromote_low", FVPROMOTE_LOW);
        def("fcvt_to_uint", FCVT_TO_INT, 0); def("fcvt_to_sint", FCVT_TO_INT, CVT_SIGNED);
        def("fcvt_to_uint_sat", FCVT_TO_INT, CVT_SAT); def("fcvt_to_sint_sat", FCVT_TO_INT, CVT_SAT | CVT_SIGNED);
        def("fcvt_from_uint", FCVT_FROM_INT, 0); def("fcvt_from_sint", FCVT_FROM_INT, CVT_SIGNED);
        def("fcvt_low_from_sint", FCVT_LOW_FROM_SINT); def("x86_cvtt2dq", CVTT2DQ);
        def("isplit", ISPLIT); def("iconcat", ICONCAT);
        // LOAD sub: bytes loaded | 0x100 if sign-extending | 0x200 if extending at all
        def("load", LOAD, 0);
        def("uload8", LOAD, 0x200 | 1); def("sload8", LOAD, 0x300 | 1);
        def("uload16", LOAD, 0x200 | 2); def("sload16", LOAD, 0x300 | 2);
        def("uload32", LOAD, 0x200 | 4); def("sload32", LOAD, 0x300 | 4);
        // LOAD_VEC_EXT sub: source lane bits | 0x100 if signed
        def("uload8x8", LOAD_VEC_EXT, 8); def("sload8x8", LOAD_VEC_EXT, 0x100 | 8);
        def("uload16x4", LOAD_VEC_EXT, 16); def("sload16x4", LOAD_VEC_EXT, 0x100 | 16);
        def("uload32x2", LOAD_VEC_EXT, 32); def("sload32x2", LOAD_VEC_EXT, 0x100 | 32);
        // STORE sub: bytes stored, 0 = the whole value
        def("store", STORE, 0); def("istore8", STORE, 1); def("istore16", STORE, 2); def("istore32", STORE, 4);
        def("stack_load", STACK_LOAD); def("stack_store", STACK_STORE); def("stack_addr", STACK_ADDR);
        def("global_value", GLOBAL_VALUE); def("symbol_value", GLOBAL_VALUE); def("tls_value", GLOBAL_VALUE);
        def("get_pinned_reg", GET_PINNED); def("set_pinned_reg", SET_PINNED);
        def("atomic_rmw", ATOMIC_RMW); def("atomic_cas", ATOMIC_CAS);
        def("atomic_load", ATOMIC_LOAD); def("atomic_store", ATOMIC_STORE);
        def("splat", SPLAT); def("swizzle", SWIZZLE); def("x86_pshufb", PSHUFB);
        def("insertlane", INSERTLANE); def("extractlane", EXTRACTLANE); def("shuffle", SHUFFLE);
    }
}
