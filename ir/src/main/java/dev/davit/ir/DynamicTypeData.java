package dev.davit.ir;

/** A dynamic vector type: {@code dtN = i32x4*gvM}, a base vector scaled by a global value. */
public record DynamicTypeData(Type baseVectorType, int dynamicScale) {}
