package dev.davit.lower.aarch64.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.codegen.isa.IsaProvider;
import dev.davit.codegen.isa.IsaRegistry;
import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.settings.SettingError;
import dev.davit.codegen.settings.SharedSettings;
import dev.davit.lower.aarch64.AArch64Settings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backend is found by name through ServiceLoader, takes Cranelift's flag names, and compiles. */
class AArch64IsaProviderTest {
    @Test
    void registryFindsTheBackendAndAppliesFlags() throws Exception {
        IsaProvider p = IsaRegistry.provider("aarch64");
        assertTrue(p != null, "aarch64 provider registered");
        TargetIsa isa = IsaRegistry.lookup(List.of("aarch64", "has_lse", "sign_return_address"), SharedSettings.defaults());
        assertEquals("aarch64", isa.name());
        assertTrue(isa.isaFlags().bool(AArch64Settings.HAS_LSE));
        assertTrue(isa.isaFlags().bool(AArch64Settings.SIGN_RETURN_ADDRESS));
        assertFalse(isa.isaFlags().bool(AArch64Settings.USE_BTI));
        var code = isa.compile(LowerTestSupport.parse("""
                function %f(i64) -> i64 {
                block0(v0: i64):
                    v1 = iadd v0, v0
                    return v1
                }
                """), true);
        // add x0, x0, x0 between the frame record's stp/mov and its ldp, then ret.
        assertTrue(code.vcode().contains("add %v"), code.vcode());
        assertEquals(5 * 4, code.bytes().length);
    }

    @Test
    void unknownFlagsAreErrors() {
        assertThrows(SettingError.class, () -> IsaRegistry.lookup(List.of("aarch64", "has_avx2"), SharedSettings.defaults()));
    }

    @Test
    void everyCraneliftFlagNameExists() {
        for (String name : new String[] {"has_lse", "has_pauth", "has_fp16", "sign_return_address", "sign_return_address_all",
            "sign_return_address_with_bkey", "use_bti"}) {
            assertTrue(AArch64Settings.GROUP.indexOf(name) >= 0, name);
        }
    }
}
