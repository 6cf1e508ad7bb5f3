package dev.stackcheck.spec;

/** An abstract pointer: slot {@code slot} of frame {@code frame}, frames counted from the bottom. */
public record Ref(int frame, int slot) {
    @Override
    public String toString() {
        return "&" + frame + "." + slot;
    }
}
