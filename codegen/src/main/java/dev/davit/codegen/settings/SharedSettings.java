package dev.davit.codegen.settings;

/**
 * The target-independent settings of Cranelift ({@code set} lines), with Cranelift's names,
 * values and defaults, and typed accessors for the ones the compiler reads.
 */
public final class SharedSettings {
    private SharedSettings() {}

    public static final SettingGroup GROUP = new SettingGroup("shared");

    public static final int OPT_LEVEL = GROUP.enumeration("opt_level",
            "Optimization level: none, speed, or speed_and_size.", "none", "speed", "speed_and_size");
    public static final int REGALLOC_ALGORITHM = GROUP.enumeration("regalloc_algorithm",
            "Register allocator: backtracking or single_pass.", "backtracking", "single_pass");
    public static final int ENABLE_VERIFIER = GROUP.bool("enable_verifier", true, "Run the IR verifier before compiling.");
    public static final int ENABLE_ALIAS_ANALYSIS = GROUP.bool("enable_alias_analysis", true, "Redundant-load elimination.");
    public static final int ENABLE_PCC = GROUP.bool("enable_pcc", false, "Proof-carrying-code checks.");
    public static final int IS_PIC = GROUP.bool("is_pic", false, "Position-independent code.");
    public static final int USE_COLOCATED_LIBCALLS = GROUP.bool("use_colocated_libcalls", false, "Libcalls are near.");
    public static final int ENABLE_FLOAT = GROUP.bool("enable_float", true, "Allow float instructions.");
    public static final int ENABLE_NAN_CANONICALIZATION = GROUP.bool("enable_nan_canonicalization", false,
            "Canonicalize NaNs produced by float arithmetic.");
    public static final int ENABLE_PINNED_REG = GROUP.bool("enable_pinned_reg", false, "Reserve the pinned register.");
    public static final int ENABLE_ATOMICS = GROUP.bool("enable_atomics", true, "Allow atomic instructions.");
    public static final int ENABLE_LLVM_ABI_EXTENSIONS = GROUP.bool("enable_llvm_abi_extensions", false,
            "Accept i128 arguments and other LLVM ABI extensions.");
    public static final int ENABLE_MULTI_RET_IMPLICIT_SRET = GROUP.bool("enable_multi_ret_implicit_sret", false,
            "Return values beyond the return registers go through an implicit return area.");
    public static final int UNWIND_INFO = GROUP.bool("unwind_info", true, "Generate unwind information.");
    public static final int PRESERVE_FRAME_POINTERS = GROUP.bool("preserve_frame_pointers", false,
            "Keep a frame pointer in every function.");
    public static final int MACHINE_CODE_CFG_INFO = GROUP.bool("machine_code_cfg_info", false,
            "Record machine-code block boundaries and edges.");
    public static final int ENABLE_PROBESTACK = GROUP.bool("enable_probestack", false, "Probe large stack frames.");
    public static final int PROBESTACK_SIZE_LOG2 = GROUP.num("probestack_size_log2", 12, "Log2 of the probe interval.");
    public static final int PROBESTACK_STRATEGY = GROUP.enumeration("probestack_strategy",
            "How to probe: outline (call) or inline.", "outline", "inline");
    public static final int BB_PADDING_LOG2_MINUS_ONE = GROUP.num("bb_padding_log2_minus_one", 0,
            "Pad blocks for testing (0 = off).");
    public static final int LOG2_MIN_FUNCTION_ALIGNMENT = GROUP.num("log2_min_function_alignment", 0,
            "Minimum function alignment, log2.");
    public static final int ENABLE_HEAP_ACCESS_SPECTRE_MITIGATION = GROUP.bool("enable_heap_access_spectre_mitigation",
            true, "Spectre guards on heap accesses.");
    public static final int ENABLE_TABLE_ACCESS_SPECTRE_MITIGATION = GROUP.bool("enable_table_access_spectre_mitigation",
            true, "Spectre guards on table accesses.");
    public static final int ENABLE_INCREMENTAL_COMPILATION_CACHE_CHECKS = GROUP.bool(
            "enable_incremental_compilation_cache_checks", false, "Recompile on cache hits and compare.");
    public static final int LIBCALL_CALL_CONV = GROUP.enumeration("libcall_call_conv", "Calling convention of libcalls.",
            "isa_default", "fast", "cold", "system_v", "windows_fastcall", "apple_aarch64", "probestack");
    public static final int TLS_MODEL = GROUP.enumeration("tls_model", "Thread-local storage model.",
            "none", "elf_gd", "macho", "coff");
    public static final int STACK_SWITCH_MODEL = GROUP.enumeration("stack_switch_model", "Stack switching model.",
            "none", "basic", "update_windows_tib");
    public static final int REGALLOC_CHECKER = GROUP.bool("regalloc_checker", false,
            "Check every register allocation symbolically.");
    public static final int REGALLOC_VERBOSE_LOGS = GROUP.bool("regalloc_verbose_logs", false, "Verbose allocator logs.");
    public static final int ENABLE_JUMP_TABLES = GROUP.bool("enable_jump_tables", true, "Lower br_table to jump tables.");

    public enum OptLevel { NONE, SPEED, SPEED_AND_SIZE }

    private static final OptLevel[] OPT_LEVELS = OptLevel.values();

    public static OptLevel optLevel(Flags f) { return OPT_LEVELS[f.enumOrdinal(OPT_LEVEL)]; }

    /** The defaults, as Cranelift has them. */
    public static Flags defaults() { return GROUP.builder().build(); }
}
