using ReflectiveAnalysis.Training.Transformer;
using TorchSharp;
using static TorchSharp.torch;

LibTorchCompat.Ensure();
var a = torch.arange(6, ScalarType.Float32).reshape(2, 3);
var b = a.matmul(a.T);
Console.WriteLine($"torch {torch.__version__}; threads {torch.get_num_threads()}; {string.Join(",", b.data<float>().ToArray())}");
