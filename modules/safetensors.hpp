// A small reader/writer for safetensors files (https://huggingface.co/docs/safetensors): 8 bytes
// of little-endian header length N, N bytes of JSON header, then raw little-endian tensor data.
// The header maps each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets
// into the data section) and may hold "__metadata__": {string: string}. mosaic stores F32 only.
// No LibTorch here: tensors are flat float vectors with a shape.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mosaic::modules {

struct FloatTensor {
  std::vector<int64_t> shape;
  std::vector<float> values;  // row-major, prod(shape) values
  int64_t numel() const;
};

struct SafetensorsFile {
  std::map<std::string, std::string> metadata;  // "__metadata__"
  std::map<std::string, FloatTensor> tensors;   // name -> tensor
};

// Largest header accepted when reading (a corrupt length must not make us allocate gigabytes).
inline constexpr uint64_t kMaxHeaderBytes = 16u << 20;

// Serialises to bytes (tensors in name order, 8-byte aligned header as the format recommends).
std::string EncodeSafetensors(const SafetensorsFile& file);
// Parses bytes; every structural fault (truncated, oversized or non-JSON header, unknown dtype,
// shape/offset mismatch, overlapping or out-of-range data, non-string metadata) throws Error
// prefixed with `source` (the file name).
SafetensorsFile DecodeSafetensors(const std::string& bytes, const std::string& source);

// File versions: WriteSafetensors is atomic (temp file, fsync, rename).
void WriteSafetensors(const std::string& path, const SafetensorsFile& file);
SafetensorsFile ReadSafetensors(const std::string& path);

}  // namespace mosaic::modules
