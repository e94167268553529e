package dev.davit.ir;

/**
 * A CLIF function: its name, the {@link FunctionStencil} that compilation reads, and the
 * {@link FunctionParameters} that only the final fixups read.
 */
public final class Function {
    private UserFuncName name;
    private final FunctionStencil stencil;
    private final FunctionParameters params;

    public Function(UserFuncName name, Signature signature) {
        this(name, new FunctionStencil(signature), new FunctionParameters());
    }

    public Function(UserFuncName name, FunctionStencil stencil, FunctionParameters params) {
        this.name = name;
        this.stencil = stencil;
        this.params = params;
    }

    public UserFuncName name() { return name; }
    public void setName(UserFuncName n) { name = n; }
    public FunctionStencil stencil() { return stencil; }
    public FunctionParameters params() { return params; }
    public DataFlowGraph dfg() { return stencil.dfg(); }
    public Layout layout() { return stencil.layout(); }
    public Signature signature() { return stencil.signature(); }

    /**
     * Sets an instruction's absolute source location ({@code @hex} in CLIF text, an unsigned 32-bit
     * value). The first location set becomes the function's base; the stencil keeps the offset.
     */
    public void setSrcLoc(int inst, int absolute) {
        if (!params.hasBaseSrcLoc()) params.setBaseSrcLoc(absolute);
        stencil.setRelSrcLoc(inst, absolute - params.baseSrcLoc());
    }

    /** The absolute source location of {@code inst}, or -1 (Cranelift's default, all ones) if none. */
    public int srcLoc(int inst) {
        int rel = stencil.relSrcLoc(inst);
        return rel == FunctionStencil.NO_SRCLOC ? -1 : params.baseSrcLoc() + rel;
    }

    /** Whether {@code inst} has a source location. */
    public boolean hasSrcLoc(int inst) { return stencil.relSrcLoc(inst) != FunctionStencil.NO_SRCLOC; }

    /** Declares a user-named external function and returns its ref, for {@link ExternalName.User}. */
    public int declareImportedUserFunction(UserExternalName name) { return params.declareImportedUserFunction(name); }
}
