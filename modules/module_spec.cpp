#include "modules/module_spec.hpp"

#include <nlohmann/json.hpp>

#include "common/error.hpp"

namespace mosaic::modules {

namespace {
using nlohmann::json;

[[noreturn]] void Fail(const std::string& source, const std::string& message) {
  throw Error(source + ": " + message);
}

const std::string& Need(const std::map<std::string, std::string>& metadata, const std::string& key,
                        const std::string& source) {
  const auto it = metadata.find(key);
  if (it == metadata.end()) Fail(source, "module metadata lacks '" + key + "'");
  return it->second;
}

int PositiveInt(const std::string& text, const std::string& key, const std::string& source,
                bool allow_zero) {
  size_t used = 0;
  int value = -1;
  try {
    value = std::stoi(text, &used);
  } catch (...) {
    used = 0;
  }
  if (used != text.size() || value < (allow_zero ? 0 : 1) || value > (1 << 20)) {
    Fail(source, "module metadata '" + key + "' is '" + text + "', expected a " +
                     (allow_zero ? "non-negative" : "positive") + " integer");
  }
  return value;
}

json ParseJson(const std::string& text, const std::string& key, const std::string& source) {
  try {
    return json::parse(text);
  } catch (const json::exception&) {
    Fail(source, "module metadata '" + key + "' is not valid JSON");
  }
}
}  // namespace

const char* KindName(ModuleKind kind) {
  return kind == ModuleKind::kRobot ? "robot" : "task";
}

int ModuleSpec::InputSize() const {
  return ObservationSize() + (kind == ModuleKind::kRobot ? interface_dim : 0);
}

int ModuleSpec::OutputSize() const {
  return kind == ModuleKind::kRobot ? action_size : interface_dim;
}

std::string ModuleSpec::Label() const {
  return std::string(KindName(kind)) + " module '" + name + "' (family " + family + ")";
}

std::map<std::string, std::string> EncodeMetadata(const ModuleSpec& spec, double normalizer_count) {
  json layout = json::array();
  for (const auto& f : spec.layout)
    layout.push_back({{"name", f.name}, {"size", f.size}, {"frame", f.frame}, {"units", f.units}});
  const json architecture = {{"hidden", spec.hidden},
                             {"activation", "tanh"},
                             {"gated", spec.gated},
                             {"interface_dropout", spec.interface_dropout}};
  return {{"format", kModuleFormat},
          {"version", std::to_string(kModuleVersion)},
          {"kind", KindName(spec.kind)},
          {"name", spec.name},
          {"family", spec.family},
          {"interface_dim", std::to_string(spec.interface_dim)},
          {"observation_layout", layout.dump()},
          {"action_size", std::to_string(spec.action_size)},
          {"architecture", architecture.dump()},
          {"normalizer_count", json(normalizer_count).dump()},
          {"provenance", spec.provenance.empty() ? "{}" : spec.provenance}};
}

ModuleSpec DecodeMetadata(const std::map<std::string, std::string>& metadata,
                          const std::string& source, double* normalizer_count) {
  const auto format = metadata.find("format");
  if (format == metadata.end() || format->second != kModuleFormat) {
    Fail(source, "not a mosaic module (metadata format is '" +
                     (format == metadata.end() ? std::string("missing") : format->second) +
                     "', expected '" + kModuleFormat + "')");
  }
  const std::string& version = Need(metadata, "version", source);
  if (version != std::to_string(kModuleVersion)) {
    Fail(source, "module format version " + version +
                     " is not supported (this mosaic reads version " +
                     std::to_string(kModuleVersion) + ")");
  }
  ModuleSpec spec;
  const std::string& kind = Need(metadata, "kind", source);
  if (kind == "robot") {
    spec.kind = ModuleKind::kRobot;
  } else if (kind == "task") {
    spec.kind = ModuleKind::kTask;
  } else {
    Fail(source, "module metadata 'kind' is '" + kind + "', expected 'robot' or 'task'");
  }
  spec.name = Need(metadata, "name", source);
  spec.family = Need(metadata, "family", source);
  if (spec.name.empty() || spec.family.empty())
    Fail(source, "module metadata 'name' and 'family' must not be empty");
  spec.interface_dim =
      PositiveInt(Need(metadata, "interface_dim", source), "interface_dim", source, false);
  spec.action_size =
      PositiveInt(Need(metadata, "action_size", source), "action_size", source, true);
  if ((spec.kind == ModuleKind::kRobot) != (spec.action_size > 0)) {
    Fail(source, "module metadata 'action_size' is " + std::to_string(spec.action_size) +
                     ", which does not fit a " + kind + " module");
  }
  const json layout =
      ParseJson(Need(metadata, "observation_layout", source), "observation_layout", source);
  if (!layout.is_array() || layout.empty())
    Fail(source, "module metadata 'observation_layout' must be a non-empty array");
  for (const auto& field : layout) {
    if (!field.is_object() || !field.contains("name") || !field["name"].is_string() ||
        !field.contains("size") || !field["size"].is_number_integer() ||
        field["size"].get<int>() <= 0) {
      Fail(source, "module metadata 'observation_layout' has a malformed field: " + field.dump());
    }
    spec.layout.push_back({field["name"].get<std::string>(), field["size"].get<int>(),
                           field.value("frame", ""), field.value("units", "")});
  }
  const json architecture =
      ParseJson(Need(metadata, "architecture", source), "architecture", source);
  if (!architecture.is_object() || !architecture.contains("hidden") ||
      !architecture["hidden"].is_array() || architecture.value("activation", "") != "tanh") {
    Fail(source,
         "module metadata 'architecture' must be {\"hidden\": [...], \"activation\": \"tanh\", "
         "...}");
  }
  for (const auto& size : architecture["hidden"]) {
    if (!size.is_number_integer() || size.get<int>() <= 0 || size.get<int>() > 4096) {
      Fail(source, "module metadata 'architecture' has an invalid hidden size " + size.dump());
    }
    spec.hidden.push_back(size.get<int>());
  }
  spec.interface_dropout = architecture.value("interface_dropout", 0.f);
  spec.gated = architecture.value("gated", false);
  if (spec.gated && spec.hidden.empty())
    Fail(source, "module metadata 'architecture' is gated but has no hidden layer");
  const json count =
      ParseJson(Need(metadata, "normalizer_count", source), "normalizer_count", source);
  if (!count.is_number() || count.get<double>() < 0)
    Fail(source, "module metadata 'normalizer_count' must be a number >= 0");
  if (normalizer_count != nullptr) *normalizer_count = count.get<double>();
  const auto provenance = metadata.find("provenance");
  spec.provenance = provenance == metadata.end() ? "{}" : provenance->second;
  return spec;
}

std::map<std::string, std::vector<int64_t>> ExpectedTensors(const ModuleSpec& spec) {
  std::map<std::string, std::vector<int64_t>> shapes;
  shapes["normalizer.mean"] = {spec.ObservationSize()};
  shapes["normalizer.var"] = {spec.ObservationSize()};
  int in = spec.InputSize();
  for (size_t i = 0; i <= spec.hidden.size(); ++i) {
    const int out = i < spec.hidden.size() ? spec.hidden[i] : spec.OutputSize();
    shapes["mlp." + std::to_string(i) + ".weight"] = {out, in};
    shapes["mlp." + std::to_string(i) + ".bias"] = {out};
    in = out;
  }
  if (spec.gated) {
    for (const char* gate : {"mlp.gate_a", "mlp.gate_b"}) {
      shapes[std::string(gate) + ".weight"] = {spec.hidden.front(), spec.InputSize()};
      shapes[std::string(gate) + ".bias"] = {spec.hidden.front()};
    }
  }
  if (spec.kind == ModuleKind::kRobot) shapes["log_std"] = {spec.action_size};
  return shapes;
}

}  // namespace mosaic::modules
