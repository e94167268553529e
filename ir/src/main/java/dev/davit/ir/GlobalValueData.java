package dev.davit.ir;

/** How a global value is computed, as declared in the preamble ({@code gvN = ...}). */
public sealed interface GlobalValueData {
    /** {@code vmctx}: the VM context pointer argument. */
    record VmContext() implements GlobalValueData {}

    /** {@code load.T flags gvB+off}: a value loaded from another global value's address. */
    record Load(int base, int offset, Type globalType, MemFlags flags) implements GlobalValueData {}

    /** {@code iadd_imm.T gvB, off}: another global value plus a constant. */
    record IAddImm(int base, long offset, Type globalType) implements GlobalValueData {}

    /** {@code [colocated] [tls] symbol NAME+off}: a symbol's address. */
    record Symbol(ExternalName name, long offset, boolean colocated, boolean tls) implements GlobalValueData {}

    /** {@code dyn_scale_target_const.T}: the target's scale for dynamic vectors of type T. */
    record DynScaleTargetConst(Type vectorType) implements GlobalValueData {}
}
