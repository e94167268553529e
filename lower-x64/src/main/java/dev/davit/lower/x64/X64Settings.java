package dev.davit.lower.x64;

import dev.davit.codegen.settings.SettingGroup;

/**
 * x86-64 ISA flags of {@code target x86_64 ...} lines, with Cranelift's names and its CPU presets.
 * All default to off: the baseline is SSE2, which every x86-64 CPU has.
 */
public final class X64Settings {
    private X64Settings() {}

    public static final SettingGroup GROUP = new SettingGroup("x86_64");

    public static final int HAS_SSE3 = GROUP.bool("has_sse3", false, "SSE3: CPUID.01H:ECX.SSE3[bit 0]");
    public static final int HAS_SSSE3 = GROUP.bool("has_ssse3", false, "SSSE3: CPUID.01H:ECX.SSSE3[bit 9]");
    public static final int HAS_CMPXCHG16B = GROUP.bool("has_cmpxchg16b", false, "CMPXCHG16B: CPUID.01H:ECX[bit 13]");
    public static final int HAS_SSE41 = GROUP.bool("has_sse41", false, "SSE4.1: CPUID.01H:ECX.SSE4_1[bit 19]");
    public static final int HAS_SSE42 = GROUP.bool("has_sse42", false, "SSE4.2: CPUID.01H:ECX.SSE4_2[bit 20]");
    public static final int HAS_POPCNT = GROUP.bool("has_popcnt", false, "POPCNT: CPUID.01H:ECX.POPCNT[bit 23]");
    public static final int HAS_AVX = GROUP.bool("has_avx", false, "AVX: CPUID.01H:ECX.AVX[bit 28]");
    public static final int HAS_AVX2 = GROUP.bool("has_avx2", false, "AVX2: CPUID.07H:EBX.AVX2[bit 5]");
    public static final int HAS_FMA = GROUP.bool("has_fma", false, "FMA: CPUID.01H:ECX.FMA[bit 12]");
    public static final int HAS_BMI1 = GROUP.bool("has_bmi1", false, "BMI1: CPUID.07H:EBX.BMI1[bit 3]");
    public static final int HAS_BMI2 = GROUP.bool("has_bmi2", false, "BMI2: CPUID.07H:EBX.BMI2[bit 8]");
    public static final int HAS_LZCNT = GROUP.bool("has_lzcnt", false, "LZCNT: CPUID.80000001H:ECX.LZCNT[bit 5]");
    public static final int HAS_AVX512BITALG = GROUP.bool("has_avx512bitalg", false, "AVX512BITALG");
    public static final int HAS_AVX512DQ = GROUP.bool("has_avx512dq", false, "AVX512DQ");
    public static final int HAS_AVX512VL = GROUP.bool("has_avx512vl", false, "AVX512VL");
    public static final int HAS_AVX512VBMI = GROUP.bool("has_avx512vbmi", false, "AVX512VBMI");
    public static final int HAS_AVX512F = GROUP.bool("has_avx512f", false, "AVX512F");
    public static final int HAS_AVX512VNNI = GROUP.bool("has_avx512vnni", false, "AVX512-VNNI");
    public static final int HAS_AVX_VNNI = GROUP.bool("has_avx_vnni", false, "AVX-VNNI");

    static {
        GROUP.preset("sse3", "has_sse3");
        GROUP.preset("ssse3", "sse3", "has_ssse3");
        GROUP.preset("sse41", "ssse3", "has_sse41");
        GROUP.preset("sse42", "sse41", "has_sse42");
        GROUP.preset("nehalem", "sse42", "has_popcnt", "has_cmpxchg16b");
        GROUP.preset("haswell", "nehalem", "has_avx", "has_avx2", "has_fma", "has_bmi1", "has_bmi2", "has_lzcnt");
        GROUP.preset("broadwell", "haswell");
        GROUP.preset("skylake", "broadwell");
        GROUP.preset("cannonlake", "skylake", "has_avx512f", "has_avx512dq", "has_avx512vl", "has_avx512vbmi");
        GROUP.preset("icelake_client", "cannonlake", "has_avx512bitalg", "has_avx512vnni");
        GROUP.preset("icelake_server", "icelake_client");
        GROUP.preset("icelake", "icelake_client");
        GROUP.preset("znver1", "haswell");
        GROUP.preset("x86-64-v2", "nehalem");
        GROUP.preset("x86-64-v3", "haswell");
        GROUP.preset("x86-64-v4", "x86-64-v3", "has_avx512f", "has_avx512dq", "has_avx512vl");
    }
}
