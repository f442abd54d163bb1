/** 1–32 characters, each a letter, digit, or one of `_ . - + @`: the contract's user name. */
export const USER_NAME_PATTERN = /^[A-Za-z0-9_.+@-]{1,32}$/;

export const USER_NAME_RULE =
  'user_name must be 1 to 32 characters, each a letter, digit, or one of _ . - + @';
