package dev.davit.codegen.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.davit.codegen.settings.SettingError;
import dev.davit.codegen.settings.SharedSettings;
import dev.davit.ir.Function;
import dev.davit.ir.UserExternalName;
import dev.davit.ir.UserFuncName;
import org.junit.jupiter.api.Test;

class CacheKeyTest {
    private final SyntheticIsa isa = new SyntheticIsa();

    private CacheKey key(Function f) { return CacheKey.of(isa, f.stencil()); }

    @Test
    void sameStencilSameKey() {
        assertEquals(key(Fixtures.calls()), key(Fixtures.calls()));
        assertEquals(64, key(Fixtures.calls()).hex().length());
    }

    @Test
    void parametersAndNameStayOut() {
        Function f = Fixtures.calls();
        CacheKey before = key(f);
        f.params().resetUserFunctionName(0, new UserExternalName(42, 4242));
        f.params().setBaseSrcLoc(0x7000);
        f.setName(new UserFuncName.User(new UserExternalName(9, 9)));
        assertEquals(before, key(f));
    }

    @Test
    void flagsTargetAndStencilGoIn() throws SettingError {
        CacheKey base = key(Fixtures.calls());
        SyntheticIsa speed = new SyntheticIsa(SharedSettings.GROUP.builder().set("opt_level", "speed").build(),
                SyntheticIsa.SETTINGS.builder().build());
        SyntheticIsa widgets = new SyntheticIsa(SharedSettings.defaults(),
                SyntheticIsa.SETTINGS.builder().enable("has_widgets").build());
        SyntheticIsa level = new SyntheticIsa(SharedSettings.defaults(),
                SyntheticIsa.SETTINGS.builder().set("widget_level", "3").build());
        Function f = Fixtures.calls();
        assertNotEquals(base, CacheKey.of(speed, f.stencil()));
        assertNotEquals(base, CacheKey.of(widgets, f.stencil()));
        assertNotEquals(base, CacheKey.of(level, f.stencil()));
        assertNotEquals(base, CacheKey.of("x86_64", isa.sharedFlags(), isa.isaFlags(), f.stencil().canonicalBytes()));
        assertEquals(base, CacheKey.of("synthetic", isa.sharedFlags(), isa.isaFlags(), f.stencil().canonicalBytes()));
        assertNotEquals(base, key(Fixtures.parse(Fixtures.CALLS.replace("iconst.i32 7", "iconst.i32 8"))));
        assertNotEquals(base, key(Fixtures.parse(Fixtures.CALLS.replace("explicit_slot 16", "explicit_slot 32"))));
    }

    @Test
    void bytesRoundTrip() {
        CacheKey k = key(Fixtures.calls());
        assertEquals(k, CacheKey.fromBytes(k.bytes()));
        assertThrows(IllegalArgumentException.class, () -> CacheKey.fromBytes(new byte[31]));
    }
}
