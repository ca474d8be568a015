#pragma once
// Test doubles for plugin authors: unit-test a plugin without the engine.
// Header-only; depends only on the SDK (and GoogleTest not at all).
#include "streamline/testing/checks.hpp"
#include "streamline/testing/config_resolver.hpp"
#include "streamline/testing/fake_context.hpp"
#include "streamline/testing/plugin_harness.hpp"
#include "streamline/testing/recording_metrics.hpp"
#include "streamline/testing/stage_harness.hpp"
