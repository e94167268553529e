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
    DEBUGTRAP(Format.NULLARY, "; ->", "X"),
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
    // ---- integer arithmetic ----
    IADD(Format.BINARY, "T=int|ivec; T, T -> T", ""),
    ICONST(Format.UNARY_IMM, "T=int; -> T", ""),
    // The remaining opcodes are filled in from Cranelift's instruction definitions.
    ;

    private final Format format;
    private final OpConstraints constraints;
    private final int props;
    private final String textName;

    private static final int P_TERM = 1, P_BRANCH = 2, P_CALL = 4, P_RETURN = 8, P_TRAP = 16, P_LOAD = 32,
            P_STORE = 64, P_SIDE = 128, P_IDEM = 256, P_THROW = 512;

    Opcode(Format format, String spec, String props) {
        this.format = format;
        this.constraints = OpConstraints.parse(spec);
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
