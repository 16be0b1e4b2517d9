//! Support for the generated typestate builders.
//!
//! Every request type gets its builder from one [`typestate!`] invocation, the way `bon`'s
//! derive writes builders: one state type parameter per builder (not one per field), so the
//! code grows linearly with the number of fields. The state is a list with one slot per
//! required field, [`Unset`] until that field's setter is called and [`Set`] after. `build`
//! requires, for each required field, that its slot implements a trait named after the
//! field whose `#[diagnostic::on_unimplemented]` message names it:
//!
//! ```text
//! error[E0277]: `operator_id` is required: call `.operator_id(..)` before `.build()`
//! ```
//!
//! ```compile_fail,E0277
//! use taobao_top::apis::alibaba_pos::order_pay::AlibabaPosOrderPayRequest;
//! // `pay_request` is required and not set: `build` does not compile.
//! let request = AlibabaPosOrderPayRequest::builder().shop_id(1).build();
//! ```

use core::marker::PhantomData;

/// The state of a required builder field that has not been set yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unset;

/// The state of a required builder field whose setter has been called.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Set;

/// The position of the first slot of a builder state.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct First;

/// The position after `I`.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Next<I>(PhantomData<I>);

/// A builder state (a list `(slot, (slot, ... ()))`) seen at position `I`.
#[doc(hidden)]
pub trait Slot<I> {
    /// The slot: [`Set`] or [`Unset`].
    type Value;
    /// The same state with that slot [`Set`].
    type Filled;
}

impl<H, T> Slot<First> for (H, T) {
    type Value = H;
    type Filled = (Set, T);
}

impl<H, T: Slot<I>, I> Slot<Next<I>> for (H, T) {
    type Value = T::Value;
    type Filled = (H, T::Filled);
}

/// The state of a new builder with `Self` required fields: every slot [`Unset`].
#[doc(hidden)]
pub trait EmptyState {
    type State;
}

impl EmptyState for First {
    type State = ();
}

impl<I: EmptyState> EmptyState for Next<I> {
    type State = (Unset, I::State);
}

/// The value of a required field in `build`, which only compiles once its setter has run.
#[doc(hidden)]
pub fn take<T>(value: Option<T>) -> T {
    match value {
        Some(value) => value,
        None => unreachable!("the builder's state says this required field is set"),
    }
}

/// Declares positions for the required fields of a builder, in order (internal).
#[doc(hidden)]
#[macro_export]
macro_rules! __typestate_positions {
    ($position:ty;) => {
        /// One past the last required field: how many there are.
        pub type __Count = $position;
    };
    ($position:ty; $field:ident $($rest:ident)*) => {
        #[doc = concat!("The slot of `", stringify!($field), "`.")]
        pub type $field = $position;
        $crate::__typestate_positions!($crate::builder::Next<$field>; $($rest)*);
    };
}

/// Writes the typestate builder of a request type (called by generated code).
///
/// ```text
/// typestate! {
///     Target => TargetBuilder in target_builder;
///     required field: StoredType = SetterParameter, "missing message", "label";
///     optional field: StoredType = SetterParameter, set_field;
/// }
/// ```
///
/// A setter converts its parameter with `Into` (`impl Into<String>` for text, the enum for
/// enums, the type itself otherwise). Optional fields also get `set_field(Option<T>)`, to
/// forward a value that may be absent.
#[doc(hidden)]
#[macro_export]
macro_rules! __typestate {
    (
        $target:ident => $builder:ident in $state:ident;
        $( required $req:ident: $req_ty:ty = $req_param:ty, $message:literal, $label:literal; )*
        $( optional $opt:ident: $opt_ty:ty = $opt_param:ty, $set_opt:ident; )*
    ) => {
        #[doc = concat!("Builder of [`", stringify!($target), "`]: call the setter of every required field, then `build`.")]
        ///
        /// The type parameter records which required fields are set: `build` exists only
        /// when all of them are, and the compiler names each one missing.
        #[derive(Clone, Debug)]
        #[must_use = "a builder does nothing until `build` is called"]
        pub struct $builder<__S = $state::Empty> {
            $( $req: ::core::option::Option<$req_ty>, )*
            $( $opt: ::core::option::Option<$opt_ty>, )*
            __state: ::core::marker::PhantomData<fn() -> __S>,
        }

        #[doc = concat!("The states of [`", stringify!($builder), "`]: a trait per required field, implemented by its slot once set.")]
        #[allow(non_camel_case_types)]
        pub mod $state {
            /// The slot of each required field in the state.
            pub mod slot {
                $crate::__typestate_positions!($crate::builder::First; $($req)*);
            }

            /// The state of a new builder: no required field set.
            pub type Empty = <slot::__Count as $crate::builder::EmptyState>::State;

            $(
                #[doc = concat!("Holds once `", stringify!($req), "` is set.")]
                #[diagnostic::on_unimplemented(message = $message, label = $label)]
                pub trait $req {}
                impl $req for $crate::builder::Set {}
            )*
        }

        impl $target {
            #[doc = concat!("Starts a builder of [`", stringify!($target), "`]: set every required field, then call `build`.")]
            pub fn builder() -> $builder {
                $builder {
                    $( $req: ::core::option::Option::None, )*
                    $( $opt: ::core::option::Option::None, )*
                    __state: ::core::marker::PhantomData,
                }
            }
        }

        #[allow(clippy::useless_conversion, clippy::should_implement_trait)]
        impl<__S> $builder<__S> {
            $(
                #[doc = concat!("Sets [`", stringify!($target), "::", stringify!($req), "`] (required).")]
                pub fn $req(self, value: $req_param) -> $builder<<__S as $crate::builder::Slot<$state::slot::$req>>::Filled>
                where
                    __S: $crate::builder::Slot<$state::slot::$req>,
                {
                    $builder {
                        $req: ::core::option::Option::Some(::core::convert::Into::into(value)),
                        ..self.__into_state()
                    }
                }
            )*

            $(
                #[doc = concat!("Sets [`", stringify!($target), "::", stringify!($opt), "`].")]
                pub fn $opt(mut self, value: $opt_param) -> Self {
                    self.$opt = ::core::option::Option::Some(::core::convert::Into::into(value));
                    self
                }

                #[doc = concat!("Sets or clears [`", stringify!($target), "::", stringify!($opt), "`]: for a value that may be absent.")]
                pub fn $set_opt(mut self, value: ::core::option::Option<$opt_ty>) -> Self {
                    self.$opt = value;
                    self
                }
            )*

            fn __into_state<__T>(self) -> $builder<__T> {
                $builder {
                    $( $req: self.$req, )*
                    $( $opt: self.$opt, )*
                    __state: ::core::marker::PhantomData,
                }
            }

            /// Builds the value; compiles only once every required field is set.
            pub fn build(self) -> $target
            where
                $(
                    __S: $crate::builder::Slot<$state::slot::$req>,
                    <__S as $crate::builder::Slot<$state::slot::$req>>::Value: $state::$req,
                )*
            {
                $target {
                    $( $req: $crate::builder::take(self.$req), )*
                    $( $opt: self.$opt, )*
                }
            }
        }
    };
}

#[doc(inline)]
pub use crate::__typestate as typestate;
