// The one symbol the engine looks for: the plugin's descriptor (SDK ABI,
// build tag, name, version) and its factory. Kept apart so the tests link the
// plugin's code without exporting it twice.
#include "mask_fields.hpp"

STREAMLINE_PLUGIN(mask_fields::MaskFieldsPlugin, "mask-fields", "1.0.0")
