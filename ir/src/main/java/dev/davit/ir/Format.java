package dev.davit.ir;

/**
 * Instruction formats: the shape of an instruction's operands and immediates, which decides how it
 * is stored in the {@link DataFlowGraph}, read and printed. Storage per instruction (see
 * DataFlowGraph): value arguments {@code args}, a 64-bit {@code imm}, an int {@code aux}, an int
 * entity {@code ref}, and a list of block calls {@code dests}.
 *
 * <p>Field use per format (unused fields are zero):
 */
public enum Format {
    /** {@code op} — no operands. */
    NULLARY,
    /** {@code op v}. */
    UNARY,
    /** {@code op imm} — imm = Imm64. */
    UNARY_IMM,
    /** {@code op imm} — imm = raw f16 bits. */
    UNARY_IEEE16,
    /** {@code op imm} — imm = raw f32 bits. */
    UNARY_IEEE32,
    /** {@code op imm} — imm = raw f64 bits. */
    UNARY_IEEE64,
    /** {@code op constN} or inline constant — ref = Constant. */
    UNARY_CONST,
    /** {@code op gvN} — ref = GlobalValue. */
    UNARY_GLOBAL_VALUE,
    /** {@code op v, v}. */
    BINARY,
    /** {@code op v, imm} — imm = Uimm8 (lane). */
    BINARY_IMM8,
    /** {@code op v, v, v}. */
    TERNARY,
    /** {@code op v, v, imm} — imm = Uimm8 (lane). */
    TERNARY_IMM8,
    /** {@code op v, v, mask} — ref = Immediate (16-byte mask in the constant pool's immediates). */
    SHUFFLE,
    /** {@code op v, v, ...} — any number of values. */
    MULTIARY,
    /** {@code op cc, v, v} — aux = IntCC. */
    INT_COMPARE,
    /** {@code op cc, v, v} — aux = FloatCC. */
    FLOAT_COMPARE,
    /** {@code op v, v, code} — aux = TrapCode. */
    INT_ADD_TRAP,
    /** {@code op code} — aux = TrapCode. */
    TRAP,
    /** {@code op v, code} — aux = TrapCode. */
    COND_TRAP,
    /** {@code op blockN(args)} — dests = [target]. */
    JUMP,
    /** {@code op v, blockN(args), blockM(args)} — dests = [then, else]. */
    BRIF,
    /** {@code op v, blockN, [blockA, blockB]} — ref = JumpTable. */
    BRANCH_TABLE,
    /** {@code op fnN(args)} — ref = FuncRef. */
    CALL,
    /** {@code op sigN, callee(args)} — ref = SigRef, args[0] = callee. */
    CALL_INDIRECT,
    /** {@code op fnN(args), sigN, blockN(..), [ tag: block(..), ... ]} — ref = FuncRef, aux = ExceptionTable. */
    TRY_CALL,
    /** {@code op callee(args), sigN, ...} — ref = ExceptionTable, args[0] = callee. */
    TRY_CALL_INDIRECT,
    /** {@code op fnN} — ref = FuncRef. */
    FUNC_ADDR,
    /** {@code op flags p+off} — aux = MemFlags index, imm = Offset32. */
    LOAD,
    /** {@code op flags x, p+off} — aux = MemFlags index, imm = Offset32. */
    STORE,
    /** {@code op flags p} — aux = MemFlags index. */
    LOAD_NO_OFFSET,
    /** {@code op flags x, p} — aux = MemFlags index. */
    STORE_NO_OFFSET,
    /** {@code op flags op, p, x} — aux = MemFlags index, imm = AtomicRmwOp ordinal. */
    ATOMIC_RMW,
    /** {@code op flags p, expected, replacement} — aux = MemFlags index. */
    ATOMIC_CAS,
    /** {@code op ssN+off} — ref = StackSlot, imm = Offset32. */
    STACK_LOAD,
    /** {@code op dssN} — ref = DynamicStackSlot. */
    DYNAMIC_STACK_LOAD,
    /** {@code op x, dssN} — ref = DynamicStackSlot. */
    DYNAMIC_STACK_STORE,
    /** {@code op blockN, imm} — ref = Block, imm = Uimm8 index. */
    EXCEPTION_HANDLER_ADDRESS,
}
