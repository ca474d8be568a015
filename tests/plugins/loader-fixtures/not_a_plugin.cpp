// An ordinary shared library: no plugin descriptor.
extern "C" int not_a_plugin_answer() { return 42; }
