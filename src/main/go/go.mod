module stackcheck.dev/goengine

go 1.19
