package dev.davit.islec;

import java.util.List;
import java.util.Map;

/**
 * Options of the Java generator.
 *
 * @param packageName Java package of the generated class ("" for none)
 * @param className simple name of the generated class
 * @param primitives Java type of a user primitive, by ISLE type name ({@code Value=int})
 * @param opaquePrimitive Java type for every user primitive not in {@code primitives}; null to
 *     use the host name written in {@code (primitive Host)}
 * @param imports extra imports (a name, {@code pkg.*} or {@code static pkg.C.*})
 * @param emitExternTypes also define {@code extern} enum types (for standalone use and tests)
 */
public record GeneratorOptions(String packageName, String className, Map<String, String> primitives,
    String opaquePrimitive, List<String> imports, boolean emitExternTypes) {
  public GeneratorOptions {
    primitives = Map.copyOf(primitives);
    imports = List.copyOf(imports);
  }

  public static GeneratorOptions of(String packageName, String className) {
    return new GeneratorOptions(packageName, className, Map.of(), null, List.of(), false);
  }

  public GeneratorOptions withOpaquePrimitive(String javaType) {
    return new GeneratorOptions(packageName, className, primitives, javaType, imports,
        emitExternTypes);
  }

  public GeneratorOptions withExternTypes(boolean emit) {
    return new GeneratorOptions(packageName, className, primitives, opaquePrimitive, imports, emit);
  }
}
