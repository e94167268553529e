package dev.davit.abi;

/**
 * The shared settings that change argument assignment.
 *
 * @param llvmAbiExtensions      {@code enable_llvm_abi_extensions}: on x86-64 SysV a third integer
 *                               return register (rcx), as rustc's i128 returns expect
 * @param multiRetImplicitSret   {@code enable_multi_ret_implicit_sret}: returns that do not fit the
 *                               return registers go to a caller-provided return area whose address
 *                               is a hidden argument; without it such signatures are rejected, as
 *                               in Cranelift (its issue #9510)
 * @param pinnedReg              {@code enable_pinned_reg}: the pinned register (r15 on x86-64, x21 on
 *                               AArch64) is global, so no function saves or restores it
 */
public record AbiFlags(boolean llvmAbiExtensions, boolean multiRetImplicitSret, boolean pinnedReg) {
    /** Cranelift's defaults: all off. */
    public static final AbiFlags DEFAULT = new AbiFlags(false, false, false);
}
