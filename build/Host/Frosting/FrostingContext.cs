using Cake.Core;

namespace Cake.Frosting;

/// <summary>Base class of a typed build context.</summary>
public class FrostingContext(ICakeContext context) : CakeContextAdapter(context), IFrostingContext;

/// <summary>Marker for contexts the host can create.</summary>
#pragma warning disable CA1040 // same shape as the Cake.Frosting interface
public interface IFrostingContext : ICakeContext;
#pragma warning restore CA1040
