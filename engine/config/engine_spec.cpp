#include "engine/config/engine_spec.hpp"

namespace streamline::engine {

// Function-local statics: built once, on first use, and never modified.

const ConfigSpec& top_level_spec() {
  static const ConfigSpec spec{
      Option::object(
          "pipeline",
          {
              Option::string("name").doc(
                  "Name shown in logs and metrics; defaults to the file name without extension."),
              Option::integer("queue_capacity")
                  .default_value(8)
                  .min(1)
                  .doc("Batches each stage's input queue holds; a full queue pauses the sources."),
              Option::string("dead_letter")
                  .doc("Stage that receives failed events no stage reads from an error output."),
              Option::duration("drain_timeout")
                  .default_value(30000)
                  .min(0)
                  .doc("How long a drain (shutdown, reload) waits for in-flight events."),
              Option::object("admin",
                             {
                                 Option::string("address")
                                     .default_value("127.0.0.1")
                                     .doc("Address the admin HTTP server binds."),
                                 Option::integer("port").default_value(0).min(0).max(65535).doc(
                                     "Port of the admin HTTP server (metrics, status, reload); "
                                     "0 turns it off."),
                             })
                  .doc("The admin HTTP server."),
          })
          .doc("Settings of the whole pipeline."),
      Option::any("resources").doc("Shared connections: name -> { plugin, config }."),
      Option::any("stages").doc("The stages: name -> { plugin, inputs, config, ... }."),
  };
  return spec;
}

const ConfigSpec& stage_spec() {
  static const ConfigSpec spec{
      Option::string("plugin").required().doc("Plugin name, or the path of its .so file."),
      Option::any("config").doc("The plugin's options, checked against its spec."),
      Option::any("inputs").doc(
          "Stages to read from: 'stage' (default output), 'stage.name' (named output) or "
          "'stage.error' (failed events)."),
      Option::object(
          "batch",
          {
              Option::integer("max_events").default_value(1024).min(1).doc(
                  "Most events per batch."),
              Option::duration("max_wait").default_value(0).min(0).doc(
                  "How long an event may wait in the queue for a batch to fill, counted from when it was queued; 0 "
                  "takes what is queued."),
          })
          .doc("How events are grouped for this stage."),
      Option::integer("concurrency").default_value(1).min(1).doc(
          "Instances of the stage working in parallel."),
      Option::string("partition_by").default_value("none").one_of({"none", "key"}).doc(
          "How the instances share the input: 'none' (any instance takes any batch) or 'key' "
          "(the events of one key all go to one instance, in order)."),
      Option::object(
          "retry",
          {
              Option::integer("max_attempts").default_value(0).min(0).doc(
                  "Attempts for a batch failing with a transient error; 0 retries forever."),
              Option::duration("initial_backoff").default_value(100).min(1).doc(
                  "Wait before the first retry; doubles on each attempt."),
              Option::duration("max_backoff").default_value(10000).min(1).doc(
                  "Longest wait between retries."),
          })
          .doc("Retries of transient errors (service unavailable)."),
  };
  return spec;
}

const ConfigSpec& resource_spec() {
  static const ConfigSpec spec{
      Option::string("plugin").required().doc("Resource plugin name, or the path of its .so file."),
      Option::any("config").doc("The plugin's options, checked against its spec."),
  };
  return spec;
}

}  // namespace streamline::engine
