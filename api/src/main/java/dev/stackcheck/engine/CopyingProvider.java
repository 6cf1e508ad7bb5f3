package dev.stackcheck.engine;

/** Makes {@link CopyingEngine}s; without a profile they run with Go 1.4's sizes ({@link Profile#GO1_4}). */
public final class CopyingProvider implements StackEngineProvider {
    @Override
    public String name() {
        return "copying";
    }

    @Override
    public String description() {
        return "contiguous copying stacks (Go >= 1.4): double, copy, adjust pointers with the pointer maps, shrink at gc";
    }

    @Override
    public EngineParams defaultParams() {
        return Profile.GO1_4.params();
    }

    @Override
    public StackEngine create(EngineParams params) {
        return new CopyingEngine(params);
    }
}
