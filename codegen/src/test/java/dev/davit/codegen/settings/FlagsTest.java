package dev.davit.codegen.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FlagsTest {
    @Test
    void defaultsAreCraneliftsDefaults() {
        Flags f = SharedSettings.defaults();
        assertEquals(SharedSettings.OptLevel.NONE, SharedSettings.optLevel(f));
        assertTrue(f.bool(SharedSettings.ENABLE_VERIFIER));
        assertFalse(f.bool(SharedSettings.ENABLE_PROBESTACK));
        assertEquals(12, f.num(SharedSettings.PROBESTACK_SIZE_LOG2));
    }

    @Test
    void setLineWordsApply() throws SettingError {
        Flags f = SharedSettings.GROUP.builder().apply("opt_level=speed").apply("enable_probestack")
                .apply("probestack_size_log2=16").apply("enable_verifier=false").build();
        assertEquals(SharedSettings.OptLevel.SPEED, SharedSettings.optLevel(f));
        assertTrue(f.bool(SharedSettings.ENABLE_PROBESTACK));
        assertEquals(16, f.num(SharedSettings.PROBESTACK_SIZE_LOG2));
        assertFalse(f.bool(SharedSettings.ENABLE_VERIFIER));
        assertNotEquals(SharedSettings.defaults(), f);
        assertTrue(f.toString().contains("opt_level = speed\n"));
    }

    @Test
    void unknownNamesAndBadValuesAreClearErrors() {
        SettingError e = assertThrows(SettingError.class, () -> SharedSettings.GROUP.builder().apply("opt_levl=speed"));
        assertEquals("unknown shared setting 'opt_levl'", e.getMessage());
        e = assertThrows(SettingError.class, () -> SharedSettings.GROUP.builder().apply("opt_level=fast"));
        assertEquals("bad value 'fast' for setting 'opt_level': expected none, speed, speed_and_size", e.getMessage());
        e = assertThrows(SettingError.class, () -> SharedSettings.GROUP.builder().apply("enable_verifier=maybe"));
        assertTrue(e.getMessage().contains("true or false"));
        assertThrows(SettingError.class, () -> SharedSettings.GROUP.builder().apply("probestack_size_log2=300"));
        assertThrows(SettingError.class, () -> SharedSettings.GROUP.builder().apply("opt_level"));
    }

    @Test
    void presetsTurnOnTheirMembers() throws SettingError {
        SettingGroup g = new SettingGroup("demo");
        int a = g.bool("has_a", false, "");
        int b = g.bool("has_b", false, "");
        int c = g.bool("has_c", false, "");
        g.preset("level1", "has_a");
        g.preset("level2", "level1", "has_b");
        Flags f = g.builder().apply("level2").build();
        assertTrue(f.bool(a));
        assertTrue(f.bool(b));
        assertFalse(f.bool(c));
        Flags off = g.builder().apply("level2").apply("has_a=false").build();
        assertFalse(off.bool(a));
    }
}
