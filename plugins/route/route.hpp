#pragma once
// RouteStage: sends each event to the first route whose condition holds.
//
// Routes are tried in order; the first match wins and the event goes to that
// route's named output (Batch::send with the route's index, which is its
// index in Plugin::outputs()). An event no route matches passes to the
// default output, or is dropped with reason "unmatched" when configured so.
// An event whose payload is not JSON fails with the parser's message.
//
// Conditions are compiled once (at create); per event the stage only walks
// the compiled trees, without allocating.

#include <string>
#include <vector>

#include <streamline/batch.hpp>
#include <streamline/stage.hpp>

#include "expression/expression.hpp"

namespace streamline::plugins::route {

struct Route {
  std::string name;
  expression::Expression when;
};

struct RouteOptions {
  std::vector<Route> routes;
  bool drop_unmatched = false;
};

class RouteStage final : public Processor {
 public:
  explicit RouteStage(RouteOptions options);
  void process(Batch& batch) override;

 private:
  RouteOptions options_;
};

}  // namespace streamline::plugins::route
