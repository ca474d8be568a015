#pragma once
// Everything a plugin author needs.
#include "streamline/abi.hpp"
#include "streamline/batch.hpp"
#include "streamline/config.hpp"
#include "streamline/config_spec.hpp"
#include "streamline/context.hpp"
#include "streamline/errors.hpp"
#include "streamline/event.hpp"
#include "streamline/metrics.hpp"
#include "streamline/plugin.hpp"
#include "streamline/stage.hpp"
