package dev.davit.ir;

/** A dynamic stack slot: {@code dssN = explicit_dynamic_slot dtM}. */
public record DynamicStackSlotData(int dynamicType) {}
