using Microsoft.ML;
using Microsoft.ML.Data;

namespace ReflectiveAnalysis.Benchmarks;

/// <summary>ML.NET row and prediction types the peers use.</summary>
public static class MlNet
{
    /// <summary>One text (a paragraph or a sentence).</summary>
    public sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    /// <summary>A sparse feature vector and its label, as the training library feeds ML.NET.</summary>
    public sealed class VectorRow
    {
        public VBuffer<float> Features;
        public uint Label;
    }

    /// <summary>The multiclass scores (probabilities) of one vector.</summary>
    public sealed class Scores
    {
        [ColumnName("Score")]
        public float[] Score { get; set; } = [];
    }

    public static SchemaDefinition VectorSchema(int dimension, int classes)
    {
        SchemaDefinition schema = SchemaDefinition.Create(typeof(VectorRow));
        schema[nameof(VectorRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        schema[nameof(VectorRow.Label)].ColumnType = new KeyDataViewType(typeof(uint), classes);
        return schema;
    }

    /// <summary>Reads every value of a vector column through a cursor (what consuming an ML.NET transform costs); returns how many.</summary>
    public static long Drain<T>(IDataView data, string column)
    {
        DataViewSchema.Column col = data.Schema[column];
        using DataViewRowCursor cursor = data.GetRowCursor([col]);
        ValueGetter<VBuffer<T>> getter = cursor.GetGetter<VBuffer<T>>(col);
        VBuffer<T> buffer = default;
        long count = 0;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            count += buffer.GetValues().Length;
        }
        return count;
    }
}
