package dev.stackcheck.engine;

/** Makes {@link HybridEngine}s; without a profile they run with Go 1.3's sizes ({@link Profile#GO1_3}). */
public final class HybridProvider implements StackEngineProvider {
    @Override
    public String name() {
        return "hybrid";
    }

    @Override
    public String description() {
        return "hybrid stacks (Go 1.3): copy the top segment when all its frames have pointer maps, else split";
    }

    @Override
    public EngineParams defaultParams() {
        return Profile.GO1_3.params();
    }

    @Override
    public StackEngine create(EngineParams params) {
        return new HybridEngine(params);
    }
}
