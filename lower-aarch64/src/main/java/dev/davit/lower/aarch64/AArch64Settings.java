package dev.davit.lower.aarch64;

import dev.davit.codegen.settings.SettingGroup;

/**
 * AArch64 ISA flags of {@code target aarch64 ...} lines, with Cranelift's names. All default to
 * off: the baseline is Armv8.0-A. None of them changes the code of the scalar integer subset yet.
 */
public final class AArch64Settings {
    private AArch64Settings() {}

    public static final SettingGroup GROUP = new SettingGroup("aarch64");

    public static final int HAS_LSE = GROUP.bool("has_lse", false, "Large System Extensions (FEAT_LSE): atomic instructions.");
    public static final int HAS_PAUTH = GROUP.bool("has_pauth", false, "Pointer authentication (FEAT_PAuth).");
    public static final int HAS_FP16 = GROUP.bool("has_fp16", false, "Half-precision floating point (FEAT_FP16).");
    public static final int SIGN_RETURN_ADDRESS_ALL = GROUP.bool("sign_return_address_all", false,
            "Sign the return address of every function, not only those that save it.");
    public static final int SIGN_RETURN_ADDRESS = GROUP.bool("sign_return_address", false,
            "Sign return addresses with pointer authentication.");
    public static final int SIGN_RETURN_ADDRESS_WITH_BKEY = GROUP.bool("sign_return_address_with_bkey", false,
            "Sign return addresses with the B key instead of the A key.");
    public static final int USE_BTI = GROUP.bool("use_bti", false, "Branch Target Identification (FEAT_BTI) landing pads.");
}
