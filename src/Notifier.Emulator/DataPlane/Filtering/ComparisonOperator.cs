namespace Notifier.Emulator.DataPlane.Filtering;

internal enum ComparisonOperator : byte
{
    Equal,
    NotEqual,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
}
